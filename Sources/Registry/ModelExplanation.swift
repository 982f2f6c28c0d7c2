import Factorization

/// `mfsweep models explain`: what a model learned (fastbook ch. 8, "Interpreting embeddings
/// and biases"): the items with the lowest and highest bias, and the items at both ends of the
/// two strongest principal directions of the item factors.
public struct ModelExplanation: Codable, Sendable {
    /// One principal direction and its extreme items.
    public struct Direction: Codable, Sendable {
        /// 1 or 2.
        public var component: Int
        /// Its share of the item factors' variance.
        public var varianceShare: Double
        /// Items with the most negative coordinate, most negative first.
        public var negativeEnd: [RankedItem]
        /// Items with the most positive coordinate, most positive first.
        public var positiveEnd: [RankedItem]

        enum CodingKeys: String, CodingKey {
            case component
            case varianceShare = "variance_share"
            case negativeEnd = "negative_end"
            case positiveEnd = "positive_end"
        }
    }

    /// The model's label.
    public var model: String
    /// How many items were considered (the most-rated ones).
    public var itemsConsidered: Int
    /// Whether the model has biases.
    public var hasBiases: Bool
    /// Items with the lowest bias, lowest first (empty without biases).
    public var lowestBias: [RankedItem]
    /// Items with the highest bias, highest first.
    public var highestBias: [RankedItem]
    /// The two strongest principal directions of the item factors.
    public var directions: [Direction]

    enum CodingKeys: String, CodingKey {
        case model, directions
        case itemsConsidered = "items_considered"
        case hasBiases = "has_biases"
        case lowestBias = "lowest_bias"
        case highestBias = "highest_bias"
    }

    /// Explains `loaded`, looking at its `topRated` most-rated items (as fastbook looks at the
    /// 1,000 most-rated films: rarely rated items have noisy factors) and listing `k` per end.
    public init(_ loaded: LoadedModel, topRated: Int, k: Int) {
        let artifact = loaded.artifact
        let counts = artifact.itemRatingCounts
        let candidates = counts.indices.sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
            .prefix(topRated).sorted()
        model = loaded.label
        itemsConsidered = candidates.count
        hasBiases = artifact.model.hasBiases
        lowestBias = ModelInference.ranked(
            artifact, artifact.model.itemsByBias(k: k, highest: false, among: candidates))
        highestBias = ModelInference.ranked(
            artifact, artifact.model.itemsByBias(k: k, highest: true, among: candidates))
        let found = PrincipalDirection.compute(of: artifact.model.items, rows: candidates, count: 2)
        directions = found.enumerated().map { index, direction in
            let order = direction.projections.indices.sorted {
                direction.projections[$0] < direction.projections[$1]
                    || (direction.projections[$0] == direction.projections[$1] && $0 < $1)
            }
            func items(_ positions: some Sequence<Int>) -> [RankedItem] {
                ModelInference.ranked(
                    artifact,
                    positions.map { ScoredItem(item: candidates[$0], score: Float(direction.projections[$0])) })
            }
            return Direction(
                component: index + 1, varianceShare: direction.varianceShare,
                negativeEnd: items(order.prefix(k)), positiveEnd: items(order.suffix(k).reversed()))
        }
    }

    /// The text form.
    public func render() -> String {
        var lines = ["\(model): \(itemsConsidered) most-rated items"]
        if hasBiases {
            lines.append("")
            lines.append("lowest item bias (liked less than their factors predict):")
            lines += lowestBias.map { ModelInference.line($0, width: 3, decimals: 3) }
            lines.append("")
            lines.append("highest item bias:")
            lines += highestBias.map { ModelInference.line($0, width: 3, decimals: 3) }
        } else {
            lines.append("")
            lines.append("no biases: the model was trained with bias=false")
        }
        for direction in directions {
            let share = DecimalText.fixed(100 * direction.varianceShare, decimals: 1)
            lines.append("")
            lines.append(
                "principal direction \(direction.component) (\(share)% of the item factors' variance), negative end:")
            lines += direction.negativeEnd.map { ModelInference.line($0, width: 3, decimals: 3) }
            lines.append("principal direction \(direction.component), positive end:")
            lines += direction.positiveEnd.map { ModelInference.line($0, width: 3, decimals: 3) }
        }
        return lines.joined(separator: "\n")
    }
}
