/// A file a run produced (a model, a plot), with its checksum.
///
/// Table `artifact`.
public struct ArtifactRecord: Codable, Sendable, Hashable {
    /// The row id, assigned by the store.
    public var id: Int64
    /// The run that produced the file.
    public var runID: Int64
    /// What the file is, for example `model`.
    public var kind: String
    /// Where the file is (relative to the store's folder, by the callers' convention).
    public var path: String
    /// The sha256 of the file's bytes, in hex.
    public var sha256: String
    /// When the artifact was registered, in seconds since 1970.
    public var createdAt: Double

    /// Makes a record; the store assigns `id` when it inserts one.
    public init(
        id: Int64, runID: Int64, kind: String, path: String, sha256: String, createdAt: Double
    ) {
        self.id = id
        self.runID = runID
        self.kind = kind
        self.path = path
        self.sha256 = sha256
        self.createdAt = createdAt
    }
}

extension ArtifactRecord: StoredRecord {
    static let table = "artifact"
    static let columns = ["id", "runID", "kind", "path", "sha256", "createdAt"]

    init(row: SQLRow) throws {
        self.init(
            id: try row.int64(0), runID: try row.int64(1), kind: try row.string(2), path: try row.string(3),
            sha256: try row.string(4), createdAt: try row.double(5))
    }

    var values: [SQLValue] {
        [.integer(id), .integer(runID), .text(kind), .text(path), .text(sha256), SQLValue(createdAt)]
    }
}
