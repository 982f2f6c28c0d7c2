/// One connection inside one transaction of a backend: the only way the store's logic talks to
/// a database, so the logic is written once for SQLite and PostgreSQL.
///
/// SQL uses `?` placeholders (PostgreSQL's backend numbers them `$1`, `$2`, …), names every
/// selected column, and sticks to what both databases accept (`COALESCE`, `ON CONFLICT … DO
/// UPDATE`); the few differences are ``SQLDialect``'s.
protocol StoreConnection {
    /// The database's dialect.
    var dialect: SQLDialect { get }

    /// Runs a query and returns its rows.
    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]

    /// Runs a statement and returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int

    /// Runs several queries in order and returns their rows; PostgreSQL's connection sends them
    /// together and waits once.
    func queries(_ statements: [(sql: String, arguments: [SQLValue])]) throws -> [[SQLRow]]
}

/// What differs between the two databases' SQL.
enum SQLDialect: Sendable {
    case sqlite, postgres

    /// The column that orders a table's rows by insertion (metric values within a step).
    var insertionOrder: String {
        switch self {
        case .sqlite: "rowid"
        case .postgres: "seq"
        }
    }

    /// `column = ?` ignoring ASCII case.
    func equalsIgnoringCase(_ column: String) -> String {
        switch self {
        case .sqlite: "\(column) = ? COLLATE NOCASE"
        case .postgres: "lower(\(column)) = lower(?)"
        }
    }
}

extension StoreConnection {
    func queries(_ statements: [(sql: String, arguments: [SQLValue])]) throws -> [[SQLRow]] {
        try statements.map { try query($0.sql, $0.arguments) }
    }

    /// Runs a query with no arguments.
    func query(_ sql: String) throws -> [SQLRow] { try query(sql, []) }

    /// The rows of `R`'s table matching `filter` (SQL after `WHERE`, or empty), in `order`.
    func fetch<R: StoredRecord>(
        _ type: R.Type, where filter: String = "", _ arguments: [SQLValue] = [], orderBy order: String? = nil,
        limit: Int? = nil
    ) throws -> [R] {
        var sql = "SELECT \(R.columns.joined(separator: ", ")) FROM \(R.table)"
        if !filter.isEmpty { sql += " WHERE \(filter)" }
        if let order { sql += " ORDER BY \(order)" }
        if let limit { sql += " LIMIT \(limit)" }
        return try query(sql, arguments).map(R.init(row:))
    }

    /// The first row of `R`'s table matching `filter`, if any.
    func fetchOne<R: StoredRecord>(
        _ type: R.Type, where filter: String, _ arguments: [SQLValue], orderBy order: String? = nil
    ) throws -> R? {
        try fetch(type, where: filter, arguments, orderBy: order, limit: 1).first
    }

    /// Inserts `record`.
    func insert<R: StoredRecord>(_ record: R) throws {
        let marks = Array(repeating: "?", count: R.columns.count).joined(separator: ", ")
        try execute("INSERT INTO \(R.table) (\(R.columns.joined(separator: ", "))) VALUES (\(marks))", record.values)
    }

    /// Inserts `record` with the next id of its table (chosen by the statement itself, inside a
    /// write transaction) and returns that id: one statement where ``nextID(in:)`` and
    /// ``insert(_:)`` take two.
    func insertNumbered<R: StoredRecord>(_ record: R) throws -> Int64 {
        precondition(R.primaryKey == ["id"] && R.columns.first == "id", "a table keyed by id")
        let marks = Array(repeating: "?", count: R.columns.count - 1).joined(separator: ", ")
        let rows = try query(
            "INSERT INTO \(R.table) (\(R.columns.joined(separator: ", "))) "
                + "VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM \(R.table)), \(marks)) RETURNING id",
            Array(record.values.dropFirst()))
        guard let id = try rows.first?.optionalInt64(0) else { throw StoreRowError(detail: "an insert returned no id") }
        return id
    }

    /// Inserts `record`, or replaces the row with the same primary key.
    func upsert<R: StoredRecord>(_ record: R) throws {
        let marks = Array(repeating: "?", count: R.columns.count).joined(separator: ", ")
        let others = R.columns.filter { !R.primaryKey.contains($0) }
        try execute(
            "INSERT INTO \(R.table) (\(R.columns.joined(separator: ", "))) VALUES (\(marks)) "
                + "ON CONFLICT (\(R.primaryKey.joined(separator: ", "))) DO UPDATE SET "
                + others.map { "\($0) = excluded.\($0)" }.joined(separator: ", "),
            record.values)
    }

    /// Writes every column of `record` to the row with its primary key.
    func update<R: StoredRecord>(_ record: R) throws {
        var assignments: [String] = []
        var values: [SQLValue] = []
        var keys: [SQLValue] = []
        for (column, value) in zip(R.columns, record.values) {
            if R.primaryKey.contains(column) {
                keys.append(value)
            } else {
                assignments.append("\(column) = ?")
                values.append(value)
            }
        }
        let filter = R.primaryKey.map { "\($0) = ?" }.joined(separator: " AND ")
        try execute("UPDATE \(R.table) SET \(assignments.joined(separator: ", ")) WHERE \(filter)", values + keys)
    }

    /// One integer a query returns (a count, a maximum), or nil for none or NULL.
    func scalar(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int64? {
        try query(sql, arguments).first.flatMap { try $0.optionalInt64(0) }
    }

    /// The next id of a table whose primary key is `id`, inside a write transaction (the store
    /// numbers rows itself, so both backends give the same ids and records have non-optional
    /// ids).
    func nextID(in table: String) throws -> Int64 {
        try scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM \(table)") ?? 1
    }
}
