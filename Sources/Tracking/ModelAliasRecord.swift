import GRDB

/// An alias (`champion`, `production`) that points at one version of a model.
///
/// Table `modelAlias`, keyed by (`modelID`, `alias`): an alias names at most one version of a
/// model, and moving it replaces the row.
public struct ModelAliasRecord: Codable, Sendable, Hashable, StoredRecord {
    /// The table's columns.
    enum Columns {
        static let modelID = Column(CodingKeys.modelID)
        static let alias = Column(CodingKeys.alias)
        static let version = Column(CodingKeys.version)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    static let databaseTableName = "modelAlias"

    /// The model.
    public var modelID: Int64
    /// The alias.
    public var alias: String
    /// The version number it points at.
    public var version: Int
    /// When it was last set, in seconds since 1970.
    public var updatedAt: Double

    /// An alias of `modelID` pointing at `version`.
    public init(modelID: Int64, alias: String, version: Int, updatedAt: Double) {
        self.modelID = modelID
        self.alias = alias
        self.version = version
        self.updatedAt = updatedAt
    }
}
