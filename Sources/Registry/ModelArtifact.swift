public import Factorization
public import Ratings

/// Everything a registered model needs to recommend on its own: the factors and biases, the
/// raw id maps, the items each user rated, item titles, the config and the data fingerprint,
/// and the lineage known when it was written.
///
/// Its file form is described in ``ModelArtifact/encoded()`` (format version 1).
public struct ModelArtifact: Sendable {
    /// The trained model.
    public var model: MFModel
    /// Raw user ids ↔ the model's user rows.
    public var userIDs: IDMap
    /// Raw item ids ↔ the model's item rows.
    public var itemIDs: IDMap
    /// Title of each item by row, "" when unknown.
    public var titles: [String]
    /// The items each user rated in the training data (excluded from recommendations).
    public var seen: SeenItems
    /// The hyperparameters, as the run's config JSON.
    public var configJSON: String
    /// The fingerprint of the ratings the model was fitted on (`sha256:…`).
    public var dataFingerprint: String
    /// Lineage known when the file was written (sweep, run, metrics, tool version), as JSON.
    public var metadataJSON: String

    /// An artifact; `titles` has one entry per item and `seen` one row per user.
    public init(
        model: MFModel, userIDs: IDMap, itemIDs: IDMap, titles: [String], seen: SeenItems, configJSON: String,
        dataFingerprint: String, metadataJSON: String
    ) {
        precondition(model.users.rows == userIDs.count && model.items.rows == itemIDs.count)
        precondition(titles.count == itemIDs.count && seen.userCount == userIDs.count)
        self.model = model
        self.userIDs = userIDs
        self.itemIDs = itemIDs
        self.titles = titles
        self.seen = seen
        self.configJSON = configJSON
        self.dataFingerprint = dataFingerprint
        self.metadataJSON = metadataJSON
    }

    /// The title of item row `i`, or nil when unknown.
    public func title(of i: Int) -> String? { titles[i].isEmpty ? nil : titles[i] }

    /// A readable label for item row `i`: its title, else `item RAWID`.
    public func label(of i: Int) -> String { title(of: i) ?? "item \(itemIDs.rawIDs[i])" }

    /// How many users rated each item (from ``seen``).
    public var itemRatingCounts: [Int] { seen.ratingCounts(itemCount: itemIDs.count) }
}
