import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// The run store in a PostgreSQL database, through PostgresNIO: agents on many hosts share it.
///
/// The store's write lock is a transaction-level advisory lock (`pg_advisory_xact_lock`) keyed
/// by the store's schema: a claim or registration takes it as its transaction's first statement
/// and PostgreSQL releases it at commit or rollback, so a killed agent never leaves it held.
/// Under it, each statement of READ COMMITTED sees every earlier holder's commit, exactly as
/// SQLite's single writer does. Finishes, metric appends and heartbeats take no lock. Reads are
/// REPEATABLE READ snapshots.
///
/// Each store keeps a few open connections (one per thread using it at once), so an agent's
/// heartbeat thread never waits behind its main thread's query.
final class PostgresBackend: StoreBackend {
    /// How a backend opens its database.
    enum OpenMode {
        /// Creates the schema and tables if missing (`launch`, `agent`).
        case create
        /// Needs an existing store; migrates it if an older mfsweep made it.
        case existing
    }

    let url: PostgresURL
    var location: String { url.redacted }
    var artifactFolder: String? { nil }

    /// The advisory lock's key: the store's schema, hashed.
    let lockKey: Int64
    private let idle = Mutex<[PostgresConnection]>([])
    private let configuration: PostgresConnection.Configuration
    private static let logger = Logger(label: "mfsweep.store", factory: { _ in SwiftLogNoOpLogHandler() })
    private static let connectionIDs = Atomic<Int>(0)

    /// Connects to the server and opens (or, with `.create`, makes) the store in `url`'s schema.
    ///
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` if the server can't be reached or
    ///   refuses the login, ``StoreError/noStore(path:)`` for `.existing` when the schema holds
    ///   no store, ``StoreError/newerSchema(path:unknownMigrations:)``.
    init(url: PostgresURL, mode: OpenMode) throws {
        self.url = url
        self.lockKey = Self.fnv1a("mfsweep:" + url.schema)
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: .disable)
        configuration.tls = try Self.tls(url)
        configuration.options.connectTimeout = .seconds(10)
        // Every statement names the store's tables unqualified: they resolve in its schema.
        configuration.options.additionalStartupParameters = [("search_path", url.schema)]
        self.configuration = configuration
        try migrate(mode)
    }

    deinit {
        // PostgresNIO requires a connection to be closed before it is released.
        for connection in idle.withLock({ $0 }) { Self.close(connection) }
    }

    /// Closes `connection` and waits until it is closed.
    private static func close(_ connection: PostgresConnection) {
        _ = try? connection.close().wait()
    }

    // MARK: - Transactions

    func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try transaction("BEGIN", lock: true, body)
    }

    func executeAlone(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try withConnection { connection in try connection.execute(sql, arguments) }
    }

    func writeUnlocked<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try transaction("BEGIN", body)
    }

    func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    func integrityProblems() throws -> [StoreProblem] {
        // PostgreSQL enforces the foreign keys and checksums its own pages: nothing of the
        // store's own can be orphaned or torn. Rows are still read, so a broken server shows.
        try read { db in _ = try db.query("SELECT COUNT(*) FROM sweep") }
        return []
    }

    // MARK: - Connections

    /// Runs `body` between `begin` and COMMIT on a connection of the pool (ROLLBACK if it
    /// throws), translating PostgreSQL's errors.
    private func transaction<T>(
        _ begin: String, lock: Bool = false, _ body: (PostgresStoreConnection) throws -> T
    ) throws -> T {
        try withConnection { connection in
            let result: T
            do {
                // The lock is asked for together with BEGIN: one wait instead of two.
                try connection.pipeline(
                    [(begin, [])] + (lock ? [("SELECT pg_advisory_xact_lock(?)", [.integer(lockKey)])] : []))
                result = try body(connection)
            } catch {
                _ = try? connection.execute("ROLLBACK", [])
                throw error
            }
            try connection.execute("COMMIT", [])
            return result
        }
    }

    /// Runs `body` on a connection of the pool, translating PostgreSQL's errors; the connection
    /// goes back to the pool unless it closed.
    private func withConnection<T>(_ body: (PostgresStoreConnection) throws -> T) throws -> T {
        let raw = try acquire()
        defer { release(raw, reuse: !raw.isClosed) }
        do {
            return try body(PostgresStoreConnection(connection: raw))
        } catch let error as PSQLError {
            throw translate(error)
        } catch let error as StoreRowError {
            throw StoreError.database(path: location, reason: error.detail, damaged: true)
        }
    }

    private func acquire() throws -> PostgresConnection {
        while let connection = idle.withLock({ $0.popLast() }) {
            if !connection.isClosed { return connection }
        }
        return try connect()
    }

    private func release(_ connection: PostgresConnection, reuse: Bool) {
        guard reuse, !connection.isClosed else {
            Self.close(connection)
            return
        }
        let kept = idle.withLock { connections in
            guard connections.count < 4 else { return false }
            connections.append(connection)
            return true
        }
        if !kept { Self.close(connection) }
    }

    /// Opens a connection, waiting on its event loop (see ``EventLoopTaskExecutor``).
    private func connect() throws -> PostgresConnection {
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let promise = loop.makePromise(of: PostgresConnection.self)
        let configuration = configuration
        let id = Self.connectionIDs.wrappingAdd(1, ordering: .relaxed).newValue
        Task(executorPreference: EventLoopTaskExecutor(loop: loop)) {
            do {
                promise.succeed(
                    try await PostgresConnection.connect(
                        on: loop, configuration: configuration, id: id, logger: Self.logger))
            } catch {
                promise.fail(error)
            }
        }
        do {
            return try promise.futureResult.wait()
        } catch let error as PSQLError {
            throw StoreError.cannotOpen(path: location, reason: Self.describe(error, connecting: url))
        } catch {
            throw StoreError.cannotOpen(path: location, reason: "\(error)")
        }
    }

    // MARK: - Migrations

    /// Checks the schema without taking the write lock, and migrates (under it) only when the
    /// store is missing or older than this version: commands that only read never write.
    private func migrate(_ mode: OpenMode) throws {
        let known = PostgresMigrations.all.map(\.identifier)
        let applied = try read { db in try appliedMigrations(db) }
        if let applied {
            let unknown = applied.subtracting(known)
            guard unknown.isEmpty else {
                throw StoreError.newerSchema(path: location, unknownMigrations: unknown.sorted())
            }
            if applied.isSuperset(of: known) { return }
        } else if mode != .create {
            throw StoreError.noStore(path: location)
        }
        try write { db in
            if try appliedMigrations(db) == nil {
                guard mode == .create else { throw StoreError.noStore(path: location) }
                try db.execute("CREATE SCHEMA IF NOT EXISTS \(url.schema)", [])
                try db.execute(
                    "CREATE TABLE mfsweep_migration (identifier TEXT PRIMARY KEY, appliedAt DOUBLE PRECISION NOT NULL)",
                    [])
            }
            // Read again under the lock: another process may have migrated meanwhile.
            let applied = try appliedMigrations(db) ?? []
            let unknown = applied.subtracting(known)
            guard unknown.isEmpty else {
                throw StoreError.newerSchema(path: location, unknownMigrations: unknown.sorted())
            }
            for migration in PostgresMigrations.all where !applied.contains(migration.identifier) {
                for statement in migration.statements { try db.execute(statement, []) }
                try db.execute(
                    "INSERT INTO mfsweep_migration (identifier, appliedAt) VALUES (?, ?)",
                    [.text(migration.identifier), .real(Date().timeIntervalSince1970)])
            }
        }
    }

    /// The migrations applied to the store's schema, or nil when it holds no store.
    private func appliedMigrations(_ db: any StoreConnection) throws -> Set<String>? {
        let exists = try db.scalar(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            [.text(url.schema), .text("mfsweep_migration")])
        guard exists == 1 else { return nil }
        return Set(try db.query("SELECT identifier FROM mfsweep_migration").map { try $0.string(0) })
    }

    // MARK: - Errors

    private func translate(_ error: PSQLError) -> StoreError {
        if error.code == .server, error.serverInfo?[.sqlState] == "53100" {
            return StoreError.diskFull(path: location)
        }
        if error.code == .server {
            return StoreError.database(path: location, reason: Self.describe(error, connecting: nil), damaged: false)
        }
        return StoreError.database(path: location, reason: Self.describe(error, connecting: url), damaged: false)
    }

    /// One line for a PostgresNIO error: the server's message, or what failed on the way.
    static func describe(_ error: PSQLError, connecting url: PostgresURL?) -> String {
        if let message = error.serverInfo?[.message] {
            return "PostgreSQL: \(message)"
        }
        let target = url.map { " to \($0.host):\($0.port)" } ?? ""
        if let underlying = error.underlying {
            let text = "\(underlying)"
            if text.contains("Connection refused") {
                return "cannot connect\(target): connection refused (is a PostgreSQL server listening there?)"
            }
            if text.lowercased().contains("timed out") || text.contains("connectTimeout") {
                return "cannot connect\(target): no answer within 10 s"
            }
            if text.contains("NXDOMAIN") || text.lowercased().contains("resolve") {
                return "cannot connect\(target): the host name does not resolve"
            }
            return "cannot connect\(target): \(text)"
        }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return "the connection\(target) closed"
        default:
            return "PostgreSQL client error \(error.code)\(target)"
        }
    }

    private static func tls(_ url: PostgresURL) throws -> PostgresConnection.Configuration.TLS {
        guard url.tls != .disable else { return .disable }
        var tls = TLSConfiguration.makeClientConfiguration()
        // libpq's `prefer` and `require` encrypt without checking the certificate;
        // `verify-full` checks it and the host name.
        if url.tls != .verifyFull { tls.certificateVerification = .none }
        do {
            let context = try NIOSSLContext(configuration: tls)
            return url.tls == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw StoreError.cannotOpen(path: url.redacted, reason: "cannot set up TLS: \(error)")
        }
    }

    /// FNV-1a of `text`, as a signed 64-bit advisory-lock key.
    private static func fnv1a(_ text: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}

/// A PostgresNIO connection inside a transaction, as a ``StoreConnection``: `?` placeholders
/// become `$1`, `$2`, …, and each query waits for its result on the caller's thread.
struct PostgresStoreConnection: StoreConnection {
    let connection: PostgresConnection
    private static let logger = Logger(label: "mfsweep.store", factory: { _ in SwiftLogNoOpLogHandler() })

    var dialect: SQLDialect { .postgres }

    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try run(sql, arguments).rows.map(Self.row)
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func queries(_ statements: [(sql: String, arguments: [SQLValue])]) throws -> [[SQLRow]] {
        try pipeline(statements).map { result in try result.rows.map(Self.row) }
    }

    /// Sends `statements` one after another without waiting in between (the connection runs
    /// them in order), then waits for them all; throws the first error.
    @discardableResult
    func pipeline(_ statements: [(sql: String, arguments: [SQLValue])]) throws -> [PostgresQueryResult] {
        let futures = statements.map { connection.query(Self.query($0.sql, $0.arguments), logger: Self.logger) }
        var results: [PostgresQueryResult] = []
        var firstError: (any Error)?
        for future in futures {
            do {
                results.append(try future.wait())
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return results
    }

    private func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        try connection.query(Self.query(sql, arguments), logger: Self.logger).wait()
    }

    private static func query(_ sql: String, _ arguments: [SQLValue]) -> PostgresQuery {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .blob(let value): binds.append(ByteBuffer(bytes: value))
            }
        }
        return PostgresQuery(unsafeSQL: numberPlaceholders(sql), binds: binds)
    }

    /// `sql` with each `?` outside quotes replaced by `$1`, `$2`, …
    static func numberPlaceholders(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                number += 1
                out += "$\(number)"
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// A row's values, read with the row's iterator: it walks the row's bytes once, where
    /// `map` would look each column up from the start of the row.
    private static func row(_ row: PostgresRow) throws -> SQLRow {
        var values: [SQLValue] = []
        values.reserveCapacity(row.count)
        var cells = row.makeIterator()
        while let cell = cells.next() { values.append(try value(cell)) }
        return SQLRow(values: values)
    }

    /// A cell as a value, read straight from its binary bytes for the types the store uses
    /// (PostgresNIO's generic decoding costs several times more, and a claim reads every run of
    /// its sweep inside the lock).
    private static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard var bytes = cell.bytes else { return .null }
        if cell.format == .binary {
            switch cell.dataType {
            case .int8:
                if let value = bytes.readInteger(as: Int64.self) { return .integer(value) }
            case .int4:
                if let value = bytes.readInteger(as: Int32.self) { return .integer(Int64(value)) }
            case .int2:
                if let value = bytes.readInteger(as: Int16.self) { return .integer(Int64(value)) }
            case .float8:
                if let bits = bytes.readInteger(as: UInt64.self) { return .real(Double(bitPattern: bits)) }
            case .float4:
                if let bits = bytes.readInteger(as: UInt32.self) { return .real(Double(Float(bitPattern: bits))) }
            case .text, .varchar, .name, .bpchar:
                return .text(bytes.readString(length: bytes.readableBytes) ?? "")
            case .bytea:
                return .blob(bytes.readBytes(length: bytes.readableBytes) ?? [])
            case .bool:
                if let value = bytes.readInteger(as: UInt8.self) { return .integer(value == 0 ? 0 : 1) }
            default:
                break
            }
        }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .bytea: return .blob([UInt8](buffer: try cell.decode(ByteBuffer.self)))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        default: return .text(try cell.decode(String.self))
        }
    }
}
