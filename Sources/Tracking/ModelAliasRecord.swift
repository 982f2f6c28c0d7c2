/// An alias (`champion`, `production`) that points at one version of a model.
///
/// Table `modelAlias`, keyed by (`modelID`, `alias`): an alias names at most one version of a
/// model, and moving it replaces the row.
public struct ModelAliasRecord: Codable, Sendable, Hashable {
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

extension ModelAliasRecord: StoredRecord {
    static let table = "modelAlias"
    static let columns = ["modelID", "alias", "version", "updatedAt"]
    static let primaryKey = ["modelID", "alias"]

    init(row: SQLRow) throws {
        self.init(
            modelID: try row.int64(0), alias: try row.string(1), version: try row.int(2),
            updatedAt: try row.double(3))
    }

    var values: [SQLValue] { [.integer(modelID), .text(alias), SQLValue(version), SQLValue(updatedAt)] }
}
