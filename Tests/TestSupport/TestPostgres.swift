import Foundation

/// The PostgreSQL server the store tests also run on: `$MFSWEEP_TEST_POSTGRES`
/// (`postgres://USER@127.0.0.1:PORT/DB`), which `scripts/with-postgres.sh` sets for the
/// throwaway server it starts (`.ci/run` runs the tests under it).
///
/// Each test gets a store of its own: a new schema of that database (`?schema=t_…`), so tests
/// running in parallel never share tables. The server is thrown away after the run, schemas
/// and all.
public enum TestPostgres {
    /// The server's URL, or nil when the PostgreSQL tests are not configured.
    public static var url: String? {
        guard let url = ProcessInfo.processInfo.environment["MFSWEEP_TEST_POSTGRES"], !url.isEmpty else { return nil }
        return url
    }

    /// Whether the PostgreSQL variants of the store tests run.
    public static var isConfigured: Bool { url != nil }

    /// The URL of a store no other test uses (a new schema), or nil when not configured.
    public static func freshStoreURL() -> String? {
        guard let url else { return nil }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return url + (url.contains("?") ? "&" : "?") + "schema=" + schema
    }

    /// What a skipped PostgreSQL test says.
    public static let skipMessage =
        "skip: PostgreSQL store tests need $MFSWEEP_TEST_POSTGRES (run the tests under scripts/with-postgres.sh)"
}
