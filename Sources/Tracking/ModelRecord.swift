/// A named model of the registry; its versions are ``ModelVersionRecord``s.
///
/// Table `model`. Names are unique in a store.
public struct ModelRecord: Codable, Sendable, Hashable {
    /// The row id, assigned by the store.
    public var id: Int64
    /// The model's unique name.
    public var name: String
    /// When its first version was registered, in seconds since 1970.
    public var createdAt: Double

    /// Makes a record; the store assigns `id`.
    public init(id: Int64, name: String, createdAt: Double) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

extension ModelRecord: StoredRecord {
    static let table = "model"
    static let columns = ["id", "name", "createdAt"]

    init(row: SQLRow) throws {
        self.init(id: try row.int64(0), name: try row.string(1), createdAt: try row.double(2))
    }

    var values: [SQLValue] { [.integer(id), .text(name), SQLValue(createdAt)] }
}
