public import Factorization
public import Ratings

/// Everything a registered model needs to recommend on its own: the model (factors and biases,
/// or a network and its side features), the raw id maps, the items each user rated, item titles, the config and the data fingerprint,
/// and the lineage known when it was written.
///
/// Its file form is described in ``ModelArtifact/encoded()`` (format version 2; version 1 files still load).
public struct ModelArtifact: Sendable {
    /// The trained model, of either kind.
    public var model: TrainedModel
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
    ///
    /// A network's side features are kept as ``inferenceFeatures(_:)`` makes them (the
    /// per-rating rows dropped).
    public init(
        model: TrainedModel, userIDs: IDMap, itemIDs: IDMap, titles: [String], seen: SeenItems, configJSON: String,
        dataFingerprint: String, metadataJSON: String
    ) {
        precondition(model.userCount == userIDs.count && model.itemCount == itemIDs.count)
        precondition(titles.count == itemIDs.count && seen.userCount == userIDs.count)
        if case .embeddingNN(let network, let features?) = model {
            self.model = .embeddingNN(network, features: Self.inferenceFeatures(features))
        } else {
            self.model = model
        }
        self.userIDs = userIDs
        self.itemIDs = itemIDs
        self.titles = titles
        self.seen = seen
        self.configJSON = configJSON
        self.dataFingerprint = dataFingerprint
        self.metadataJSON = metadataJSON
    }

    /// An artifact of a dot model.
    public init(
        model: MFModel, userIDs: IDMap, itemIDs: IDMap, titles: [String], seen: SeenItems, configJSON: String,
        dataFingerprint: String, metadataJSON: String
    ) {
        self.init(
            model: .dot(model), userIDs: userIDs, itemIDs: itemIDs, titles: titles, seen: seen,
            configJSON: configJSON, dataFingerprint: dataFingerprint, metadataJSON: metadataJSON)
    }

    /// `features` as a model keeps them: the user and item blocks whole, the rating block's
    /// feature definitions (levels, normalisation) without its per-rating rows, which only
    /// training uses; a new rating's features come from ``SideFeatures/ratingLevel(at:)``.
    public static func inferenceFeatures(_ features: SideFeatures) -> SideFeatures {
        let rating = SideFeatures.Block(
            count: 0, categorical: features.rating.categorical, continuous: features.rating.continuous)
        return SideFeatures(
            user: features.user, item: features.item, rating: rating, latestTimestamp: features.latestTimestamp)
    }

    /// The title of item row `i`, or nil when unknown.
    public func title(of i: Int) -> String? { titles[i].isEmpty ? nil : titles[i] }

    /// A readable label for item row `i`: its title, else `item RAWID`.
    public func label(of i: Int) -> String { title(of: i) ?? "item \(itemIDs.rawIDs[i])" }

    /// How many users rated each item (from ``seen``).
    public var itemRatingCounts: [Int] { seen.ratingCounts(itemCount: itemIDs.count) }
}
