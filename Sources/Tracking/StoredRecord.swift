/// A record type whose values are the rows of one table of the store.
///
/// Each record names its table's columns and maps its fields to and from a row, so the store's
/// logic reads and writes it the same way on either backend.
protocol StoredRecord: Sendable {
    /// The table's name.
    static var table: String { get }
    /// The table's columns, in the order of ``values`` and of ``init(row:)``'s row.
    static var columns: [String] { get }
    /// The primary key's columns.
    static var primaryKey: [String] { get }
    /// Reads a record from a row of ``columns``.
    init(row: SQLRow) throws
    /// The record's values, in ``columns`` order.
    var values: [SQLValue] { get }
}

extension StoredRecord {
    static var primaryKey: [String] { ["id"] }
}
