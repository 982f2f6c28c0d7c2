import Foundation

/// Where the run store lives: `--store PATH`, else `$MFSWEEP_STORE`, else `Runs/mfsweep.sqlite`.
public enum StoreLocation {
    /// The default store, relative to the current directory.
    public static let defaultPath = "Runs/mfsweep.sqlite"

    /// The store path for an optional `--store` value.
    public static func resolve(_ option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment["MFSWEEP_STORE"], !env.isEmpty { return env }
        return defaultPath
    }
}
