/// A database that holds a run store: SQLite (``SQLiteBackend``) or PostgreSQL
/// (``PostgresBackend``). ``RunStore`` writes its logic once over this interface.
///
/// Each method runs `body` in one transaction: committed if it returns, rolled back if it
/// throws. A backend turns its database's errors into ``StoreError``s naming ``location``.
protocol StoreBackend: Sendable {
    /// Where the store is, as shown to people: a file path, or a URL without its password.
    var location: String { get }

    /// The folder model files go in by default, or nil when they are kept in the database.
    var artifactFolder: String? { get }

    /// A write transaction that holds the store's one write lock from its first statement to its
    /// commit, so no two of them (in any process, on any host) interleave: claims and
    /// registrations read and then write, and must see every earlier one's commit.
    func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T

    /// A write transaction that takes no store-wide lock: for statements that are safe on their
    /// own (appending metric values, a finish's or a heartbeat's conditional update). SQLite has
    /// one writer anyway; PostgreSQL lets these run beside a claim.
    func writeUnlocked<T>(_ body: (any StoreConnection) throws -> T) throws -> T

    /// Runs one statement in a transaction of its own, taking no store-wide lock, and returns
    /// the number of rows it changed (PostgreSQL's autocommit: one round trip instead of three).
    func executeAlone(_ sql: String, _ arguments: [SQLValue]) throws -> Int

    /// A read transaction: one consistent snapshot of the store, taking no lock that writers
    /// wait for.
    func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T

    /// The database's own integrity problems (see ``RunStore/problems(now:heartbeatGrace:)``).
    func integrityProblems() throws -> [StoreProblem]
}
