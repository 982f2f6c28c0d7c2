import Foundation
import Tracking

/// Where the run store lives: `--store PATH|URL`, else `$MFSWEEP_STORE`, else `Runs/mfsweep.sqlite`.
public enum StoreLocation {
    /// The default store, relative to the current directory.
    public static let defaultPath = "Runs/mfsweep.sqlite"

    /// `location` as shown to people: a PostgreSQL URL without its password (a SQLite path as
    /// it is).
    public static func shown(_ location: String) -> String {
        guard PostgresURL.isURL(location) else { return location }
        return (try? PostgresURL(parsing: location))??.redacted ?? PostgresURL.redact(location)
    }

    /// The store path for an optional `--store` value.
    public static func resolve(_ option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment["MFSWEEP_STORE"], !env.isEmpty { return env }
        return defaultPath
    }
}
