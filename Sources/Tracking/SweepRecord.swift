import GRDB

/// One sweep: a named search with its spec, the fingerprint of its data and its state.
///
/// Table `sweep`. Names are unique in a store.
public struct SweepRecord: Codable, Sendable, Hashable, StoredRecord {
    /// The state of a sweep as a whole.
    public enum State: String, Codable, Sendable, CaseIterable {
        case running, finished, stopped
    }

    /// The table's columns.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let specJSON = Column(CodingKeys.specJSON)
        static let fingerprint = Column(CodingKeys.fingerprint)
        static let state = Column(CodingKeys.state)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    static let databaseTableName = "sweep"

    /// The row id, assigned by the store.
    public var id: Int64
    /// The sweep's unique name.
    public var name: String
    /// The sweep spec as JSON text, as given by the caller (compared byte for byte on resume).
    public var specJSON: String
    /// The content fingerprint of the sweep's data (for example a sha256 in hex).
    public var fingerprint: String
    /// Whether the sweep is running, finished or stopped.
    public var state: State
    /// When the sweep was created, in seconds since 1970.
    public var createdAt: Double

    /// Makes a record; the store assigns `id` when it inserts one.
    public init(
        id: Int64, name: String, specJSON: String, fingerprint: String, state: State,
        createdAt: Double
    ) {
        self.id = id
        self.name = name
        self.specJSON = specJSON
        self.fingerprint = fingerprint
        self.state = state
        self.createdAt = createdAt
    }
}
