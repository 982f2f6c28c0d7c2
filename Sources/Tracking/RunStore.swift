import Foundation

/// The run store: sweeps, runs, metric history, fold results, artifacts and the model registry,
/// shared by every agent of every sweep.
///
/// It lives in one SQLite file (the default, `Runs/mfsweep.sqlite`) or in a PostgreSQL
/// database (`postgres://USER@HOST:PORT/DB`), which agents on many hosts share. The store's
/// logic is the same on both: writes that read and then write (claims, registrations) hold the
/// store's one write lock for the length of their transaction, so numbering is exactly-once and
/// a crashed run is retried once; the others are single conditional statements.
public final class RunStore: Sendable {
    /// Where the store is, as shown to people: the SQLite file (`:memory:` for an in-memory
    /// store), or the PostgreSQL URL without its password.
    public let path: String

    let backend: any StoreBackend

    /// Whether the store is a PostgreSQL database.
    public var isPostgres: Bool { backend is PostgresBackend }

    /// The folder model files go in by default: the SQLite file's folder; nil for PostgreSQL,
    /// which keeps them in the database.
    public var artifactFolder: String? { backend.artifactFolder }

    /// Opens (or creates) the store at `path` and migrates it to the current schema: a SQLite
    /// file (creating its parent folder), or a `postgres://` URL (see ``PostgresURL``).
    ///
    /// Several processes may open the same store at once. A file that is not a database, or is
    /// corrupt, is left untouched: the error says so.
    ///
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` if the store can't be opened,
    ///   ``StoreError/newerSchema(path:unknownMigrations:)`` if a newer mfsweep wrote it.
    public convenience init(path: String) throws {
        if let url = try PostgresURL(parsing: path) {
            self.init(backend: try PostgresBackend(url: url, mode: .create))
        } else {
            self.init(backend: try SQLiteBackend(path: path))
        }
    }

    /// Opens an existing store for reading only. For SQLite, on one read-only connection: no
    /// folder is created, nothing is migrated or written, so a command that only looks things
    /// up (such as `recommend --model NAME@ALIAS`) opens the store in about a millisecond.
    ///
    /// - Returns: nil when the store lacks migrations this version knows (an older mfsweep
    ///   wrote it): open it with ``init(path:)``, which migrates it.
    /// - Throws: ``StoreError/cannotOpen(path:reason:)``,
    ///   ``StoreError/newerSchema(path:unknownMigrations:)``, ``StoreError/noStore(path:)`` for a
    ///   PostgreSQL database that holds no store.
    public static func openForReading(path: String) throws -> RunStore? {
        if let url = try PostgresURL(parsing: path) {
            return RunStore(backend: try PostgresBackend(url: url, mode: .existing))
        }
        return try SQLiteBackend.openForReading(path: path).map(RunStore.init(backend:))
    }

    /// Makes an empty store in memory (for tests and dry runs).
    public static func inMemory() throws -> RunStore {
        RunStore(backend: try SQLiteBackend(inMemory: ()))
    }

    init(backend: any StoreBackend) {
        self.backend = backend
        self.path = backend.location
    }

    /// The SQLite connection of a SQLite store (for tests of SQLite's own behaviour).
    var sqlite: SQLiteBackend? { backend as? SQLiteBackend }

    /// Runs SQLite's `PRAGMA integrity_check` (`"ok"` for a sound database, else the problems
    /// found, one per line); `"ok"` for PostgreSQL, which checks its own pages.
    public func integrityCheck() throws -> String {
        let problems = try backend.integrityProblems().filter { $0.kind == "integrity" }
        return problems.isEmpty ? "ok" : problems.map(\.detail).joined(separator: "\n")
    }

    // MARK: - Internals

    /// Runs `body` in one write transaction holding the store's write lock.
    func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T { try backend.write(body) }

    /// Runs `body` in a read transaction (a snapshot of the store).
    func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T { try backend.read(body) }
}
