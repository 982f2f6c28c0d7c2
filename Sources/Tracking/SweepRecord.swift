/// One sweep: a named search with its spec, the fingerprint of its data and its state.
///
/// Table `sweep`. Names are unique in a store.
public struct SweepRecord: Codable, Sendable, Hashable {
    /// The state of a sweep as a whole.
    public enum State: String, Codable, Sendable, CaseIterable {
        case running, finished, stopped
    }

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

extension SweepRecord: StoredRecord {
    static let table = "sweep"
    static let columns = ["id", "name", "specJSON", "fingerprint", "state", "createdAt"]

    init(row: SQLRow) throws {
        self.init(
            id: try row.int64(0), name: try row.string(1), specJSON: try row.string(2),
            fingerprint: try row.string(3), state: try row.raw(4, as: State.self), createdAt: try row.double(5))
    }

    var values: [SQLValue] {
        [.integer(id), .text(name), .text(specJSON), .text(fingerprint), .text(state.rawValue), SQLValue(createdAt)]
    }
}
