import GRDB

/// A record type whose values are the rows of one table of the store.
///
/// The public record types conform to this internal protocol instead of GRDB's record
/// protocols, so that Tracking's public API does not depend on GRDB; ``Stored`` reads and
/// writes their rows.
protocol StoredRecord: Codable, Sendable {
    /// The table's name.
    static var databaseTableName: String { get }
}

/// A row of a ``StoredRecord``'s table: GRDB's record protocols over the record's own
/// `Codable`, so its columns are the record's coding keys.
///
/// Query with GRDB's request builders and unwrap the results:
/// `try Stored<RunRecord>.fetchOne(db, key: id)?.record`; write with
/// `try Stored(run).update(db)`.
struct Stored<Record: StoredRecord>: Codable, FetchableRecord, PersistableRecord {
    /// The record.
    var record: Record

    static var databaseTableName: String { Record.databaseTableName }

    /// Wraps `record` to write it.
    init(_ record: Record) {
        self.record = record
    }

    init(from decoder: any Decoder) throws {
        record = try Record(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
    }
}
