import Foundation
import GRDB

/// The run store: sweeps, runs, metric history, fold results and artifacts in one SQLite
/// database, shared by every agent of every sweep.
///
/// Every write is one `IMMEDIATE` transaction: it takes SQLite's write lock when it begins, so
/// concurrent writers (threads or processes, each with its own store) queue on the busy timeout
/// instead of failing with `SQLITE_BUSY` when a read turns into a write. On disk the store is a
/// `DatabasePool` in WAL mode, so readers (`status`, reports) never block writers.
public final class RunStore: Sendable {
    /// How long a write waits for another connection's write lock before failing, in seconds.
    ///
    /// Generous: a claim holds the lock only for milliseconds, but a store on a slow disk with
    /// many agents must never fail a write because it waited its turn.
    public static let busyTimeout: Double = 60

    /// The database file, or `:memory:` for an in-memory store.
    public let path: String

    let writer: any DatabaseWriter

    /// Opens (or creates) the store at `path`, creating its parent folder, and migrates it to the
    /// current schema.
    ///
    /// Several processes may open the same file at once. A file that is not a database, or is
    /// corrupt, is left untouched: the error says so.
    ///
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` if the file can't be opened as a store,
    ///   ``StoreError/newerSchema(path:unknownMigrations:)`` if a newer mfsweep wrote it.
    public convenience init(path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotOpen(
                path: path,
                reason: "cannot create its folder \(folder.path): \(error.localizedDescription)")
        }
        do {
            try self.init(writer: Self.openPool(path: path), path: path)
        } catch let error as DatabaseError {
            throw Self.openError(error, path: path)
        }
    }

    /// Opens an existing store for reading only, on one read-only connection: no folder is
    /// created, nothing is migrated or written, so a command that only looks things up (such as
    /// `recommend --model NAME@ALIAS`) opens the store in about a millisecond.
    ///
    /// - Returns: nil when the store lacks migrations this version knows (an older mfsweep
    ///   wrote it): open it with ``init(path:)``, which migrates it.
    /// - Throws: ``StoreError/cannotOpen(path:reason:)``,
    ///   ``StoreError/newerSchema(path:unknownMigrations:)``.
    public static func openForReading(path: String) throws -> RunStore? {
        var configuration = configuration()
        configuration.readonly = true
        do {
            var queue: DatabaseQueue
            do {
                queue = try DatabaseQueue(path: path, configuration: configuration)
                _ = try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA schema_version") }
            } catch let error as DatabaseError where Self.needsImmutableRead(error, path: path) {
                queue = try DatabaseQueue(path: Self.immutableURI(path), configuration: configuration)
            }
            let migrator = StoreMigrations.migrator
            let applied = try queue.read { db in try migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(migrator.migrations)
            guard unknown.isEmpty else {
                throw StoreError.newerSchema(path: path, unknownMigrations: unknown.sorted())
            }
            guard applied.isSuperset(of: migrator.migrations) else { return nil }
            return RunStore(migratedWriter: queue, path: path)
        } catch let error as DatabaseError {
            throw openError(error, path: path)
        }
    }

    /// Whether a read-only open failed only because SQLite cannot create the WAL index
    /// (`STORE-shm`) beside a store in a folder the user may not write: then nobody using this
    /// folder can be writing the store either, and it is read as an immutable file.
    private static func needsImmutableRead(_ error: DatabaseError, path: String) -> Bool {
        guard error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY else { return false }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return !FileManager.default.isWritableFile(atPath: folder)
            && !FileManager.default.fileExists(atPath: path + "-shm")
    }

    /// The SQLite URI that opens `path` as an immutable file (no locks, no WAL index).
    private static func immutableURI(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:\(encoded)?immutable=1"
    }

    /// Wraps a connection to a store that is already migrated.
    private init(migratedWriter: any DatabaseWriter, path: String) {
        self.writer = migratedWriter
        self.path = path
    }

    /// Makes an empty store in memory (for tests and dry runs).
    public static func inMemory() throws -> RunStore {
        try RunStore(writer: DatabaseQueue(configuration: configuration()), path: ":memory:")
    }

    /// Wraps a database connection and migrates it.
    init(writer: any DatabaseWriter, path: String) throws {
        self.writer = writer
        self.path = path
        try Self.migrate(writer, path: path)
    }

    /// Runs SQLite's `PRAGMA integrity_check`: `"ok"` for a sound database, else the problems
    /// found, one per line.
    public func integrityCheck() throws -> String {
        try read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
        }
    }

    // MARK: - Internals

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "mfsweep.RunStore"
        // Wait for other connections' write locks (SQLite's busy handler) instead of failing.
        configuration.busyMode = .timeout(busyTimeout)
        // GRDB's own default is also IMMEDIATE for writes; the store's writes say it explicitly
        // (see `writeImmediate`), so the guarantee does not rest on a library default.
        return configuration
    }

    /// Runs `body` in one `IMMEDIATE` write transaction: committed if it returns, rolled back if
    /// it throws.
    func writeImmediate<T>(_ body: (Database) throws -> T) throws -> T {
        try translatingErrors {
            try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { preconditionFailure("a committed transaction has a result") }
                return result
            }
        }
    }

    /// Runs `body` in a read transaction (a snapshot of the store).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try translatingErrors { try writer.read(body) }
    }

    /// Runs `body`, turning SQLite's errors into ``StoreError/database(path:reason:damaged:)``,
    /// so no GRDB error leaves the store.
    private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError.diskFull(path: path)
        } catch let error as DatabaseError {
            throw StoreError.database(
                path: path, reason: "SQLite: \(error.message ?? "error \(error.resultCode.rawValue)")",
                damaged: error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB)
        }
    }

    /// The next id of a table whose primary key is `id`, inside a write transaction (SQLite's own
    /// choice for an `INTEGER PRIMARY KEY`, made explicit so records can have non-optional ids).
    static func nextID(in table: String, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db, sql: "SELECT IFNULL(MAX(id), 0) + 1 FROM \(table.quotedDatabaseIdentifier)") ?? 1
    }

    /// Opens a WAL pool on `path`, retrying while another connection holds the lock it needs.
    ///
    /// The first connection to a new file switches it to WAL (`PRAGMA journal_mode = WAL`), which
    /// needs an exclusive lock, and SQLite does not call the busy handler for it: when agents open
    /// a new store at the same moment, all but one may get `SQLITE_BUSY` at once. The switch is
    /// done once per file (WAL mode persists), so a short retry loop settles it.
    private static func openPool(path: String) throws -> DatabasePool {
        let deadline = ContinuousClock.now + .seconds(busyTimeout)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration())
            } catch let error as DatabaseError
                where error.resultCode == .SQLITE_BUSY && ContinuousClock.now < deadline
            {
                Thread.sleep(forTimeInterval: .random(in: 0.005...0.05))
            }
        }
    }

    /// Applies the migrations this version lacks, refusing a store written by a newer version.
    ///
    /// GRDB's migrator reads the applied migrations before it opens each migration's
    /// transaction, so when two processes open a new store at once, the later one can try a
    /// migration the earlier one just committed, and fail. That failure is benign: read again
    /// and go on from where the other process left off.
    private static func migrate(_ writer: any DatabaseWriter, path: String) throws {
        let migrator = StoreMigrations.migrator
        let unknown = try writer.read { db in
            try migrator.appliedIdentifiers(db).subtracting(migrator.migrations)
        }
        guard unknown.isEmpty else {
            throw StoreError.newerSchema(path: path, unknownMigrations: unknown.sorted())
        }
        var failures = 0
        while true {
            do {
                try migrator.migrate(writer)
                return
            } catch {
                failures += 1
                if try writer.read(migrator.hasCompletedMigrations) { return }
                if failures > migrator.migrations.count { throw error }
            }
        }
    }

    /// Turns SQLite's error on opening into one a person can act on.
    static func openError(_ error: DatabaseError, path: String) -> StoreError {
        let sqlite = "SQLite: \(error.message ?? "error \(error.resultCode.rawValue)")"
        let untouched = "mfsweep left it untouched"
        let reason: String
        if error.resultCode == .SQLITE_FULL {
            return StoreError.diskFull(path: path)
        }
        if error.resultCode == .SQLITE_NOTADB {
            reason =
                "the file is not an SQLite database (\(sqlite)); \(untouched): "
                + "move it aside or choose another store with --store"
        } else if error.resultCode == .SQLITE_CORRUPT {
            reason =
                "the database is corrupt (\(sqlite)); \(untouched): "
                + "restore it from a backup or move it aside"
        } else if error.resultCode == .SQLITE_CANTOPEN {
            reason =
                "the file cannot be opened (\(sqlite)); check that the path is a file "
                + "and that you may read and write it and its folder"
        } else if error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_PERM {
            reason = "the file is read-only (\(sqlite)); this command writes to the store"
        } else {
            reason = sqlite
        }
        return StoreError.cannotOpen(path: path, reason: reason)
    }
}
