import Foundation
import GRDB

/// The run store in one SQLite file, through GRDB: the default backend.
///
/// Every write is one `IMMEDIATE` transaction: it takes SQLite's write lock when it begins, so
/// concurrent writers (threads or processes, each with its own store) queue on the busy timeout
/// instead of failing with `SQLITE_BUSY` when a read turns into a write. On disk the store is a
/// `DatabasePool` in WAL mode, so readers (`status`, reports) never block writers.
final class SQLiteBackend: StoreBackend {
    /// The database file, or `:memory:`.
    let path: String
    /// GRDB's connection (a pool on disk, a queue in memory or read-only).
    let writer: any DatabaseWriter

    var location: String { path }

    var artifactFolder: String? {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Opens (or creates) the store at `path`, creating its parent folder, and migrates it.
    init(path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotOpen(
                path: path,
                reason: "cannot create its folder \(folder.path): \(error.localizedDescription)")
        }
        do {
            self.writer = try Self.openPool(path: path)
            self.path = path
            try Self.migrate(writer, path: path)
        } catch let error as DatabaseError {
            throw Self.openError(error, path: path)
        }
    }

    /// An empty store in memory.
    init(inMemory: Void) throws {
        self.writer = try DatabaseQueue(configuration: Self.configuration())
        self.path = ":memory:"
        try Self.migrate(writer, path: path)
    }

    /// Wraps a connection to a store that is already migrated.
    private init(migratedWriter: any DatabaseWriter, path: String) {
        self.writer = migratedWriter
        self.path = path
    }

    /// Opens an existing store read-only, on one read-only connection: no folder is created and
    /// nothing is migrated or written. Nil when the store lacks migrations this version knows.
    static func openForReading(path: String) throws -> SQLiteBackend? {
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
            return SQLiteBackend(migratedWriter: queue, path: path)
        } catch let error as DatabaseError {
            throw openError(error, path: path)
        }
    }

    // MARK: - Transactions

    func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try translatingErrors {
            try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(SQLiteConnection(db: db))
                    return .commit
                }
                guard let result else { preconditionFailure("a committed transaction has a result") }
                return result
            }
        }
    }

    func writeUnlocked<T>(_ body: (any StoreConnection) throws -> T) throws -> T { try write(body) }

    func executeAlone(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try write { db in try db.execute(sql, arguments) }
    }

    func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try translatingErrors { try writer.read { db in try body(SQLiteConnection(db: db)) } }
    }

    func integrityProblems() throws -> [StoreProblem] {
        try translatingErrors {
            try writer.read { db in
                var out: [StoreProblem] = []
                for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
                    out.append(StoreProblem(kind: "integrity", detail: line))
                }
                for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                    let table: String = row[0] ?? "?"
                    let rowID: Int64? = row[1]
                    let parent: String = row[2] ?? "?"
                    out.append(
                        StoreProblem(
                            kind: "orphan",
                            detail: "\(table) row \(rowID.map(String.init) ?? "?") refers to a missing \(parent) row"))
                }
                return out
            }
        }
    }

    // MARK: - Internals

    /// How long a write waits for another connection's write lock before failing, in seconds.
    static let busyTimeout: Double = 60

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "mfsweep.RunStore"
        // Wait for other connections' write locks (SQLite's busy handler) instead of failing.
        configuration.busyMode = .timeout(busyTimeout)
        return configuration
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
        } catch let error as StoreRowError {
            throw StoreError.database(path: path, reason: error.detail, damaged: true)
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

/// A GRDB connection inside a transaction, as a ``StoreConnection``.
struct SQLiteConnection: StoreConnection {
    let db: Database

    var dialect: SQLDialect { .sqlite }

    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        return try Row.fetchAll(statement, arguments: Self.arguments(arguments)).map { row in
            SQLRow(values: row.databaseValues.map(Self.value))
        }
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        let statement = try db.cachedStatement(sql: sql)
        try statement.execute(arguments: Self.arguments(arguments))
        return db.changesCount
    }

    private static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(
            values.map { value -> DatabaseValue in
                switch value {
                case .null: .null
                case .integer(let v): v.databaseValue
                case .real(let v): v.databaseValue
                case .text(let v): v.databaseValue
                case .blob(let v): Data(v).databaseValue
                }
            })
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let v): .integer(v)
        case .double(let v): .real(v)
        case .string(let v): .text(v)
        case .blob(let v): .blob([UInt8](v))
        }
    }
}
