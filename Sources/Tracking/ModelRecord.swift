import GRDB

/// A named model of the registry; its versions are ``ModelVersionRecord``s.
///
/// Table `model`. Names are unique in a store.
public struct ModelRecord: Codable, Sendable, Hashable, StoredRecord {
    /// The table's columns.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    static let databaseTableName = "model"

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
