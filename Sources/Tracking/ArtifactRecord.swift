import GRDB

/// A file a run produced (a model, a plot), with its checksum.
///
/// Table `artifact`.
public struct ArtifactRecord: Codable, Sendable, Hashable, StoredRecord {
    /// The table's columns.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let runID = Column(CodingKeys.runID)
        static let kind = Column(CodingKeys.kind)
        static let path = Column(CodingKeys.path)
        static let sha256 = Column(CodingKeys.sha256)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    static let databaseTableName = "artifact"

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
