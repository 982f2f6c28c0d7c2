import Foundation
public import Ratings
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

    /// Where parsed ratings files are cached (see ``RatingsCache``) for commands that use the
    /// store at `store`: `option` (`--cache DIR`), else `$MFSWEEP_CACHE`, else `cache/` in the
    /// folder of a SQLite store, else `$XDG_CACHE_HOME/mfsweep` (or `~/.cache/mfsweep`) for a
    /// PostgreSQL store. `off` for either turns caching off; an in-memory store has none.
    public static func ratingsCache(store: String, option: String? = nil) -> RatingsCache? {
        if let chosen = RatingsCache.chosen(option: option) { return chosen }
        let environment = ProcessInfo.processInfo.environment
        if PostgresURL.isURL(store) {
            let base =
                environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? (NSHomeDirectory() + "/.cache")
            return RatingsCache(directory: base + "/mfsweep")
        }
        if store.isEmpty || store == ":memory:" { return nil }
        let folder = URL(fileURLWithPath: store).deletingLastPathComponent().path
        return RatingsCache(directory: folder + "/cache")
    }
}
