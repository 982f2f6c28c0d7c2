import Factorization
import Ratings

/// `mfsweep models explain`: what a model learned (fastbook ch. 8, "Interpreting embeddings
/// and biases"): the items with the lowest and highest bias (a dot model with biases), the
/// network's layout (embedding_nn), and the items at both ends of the two strongest principal
/// directions of the item factors or item embedding.
public struct ModelExplanation: Codable, Sendable {
    /// An embedding_nn model's layout.
    public struct Network: Codable, Sendable, Equatable {
        /// Sizes of the hidden layers.
        public var layers: [Int]
        /// Width of the user embedding.
        public var userWidth: Int
        /// Width of the item embedding.
        public var itemWidth: Int
        /// The side features the network takes, with the width of each categorical one's
        /// embedding (nil for a continuous one).
        public var features: [Feature]
        /// Stored values (parameters and BatchNorm running statistics).
        public var parameters: Int

        /// A side feature of the network.
        public struct Feature: Codable, Sendable, Equatable {
            /// `user.age`, `time.hour`, …
            public var name: String
            /// The embedding width of a categorical feature; nil for a continuous one.
            public var width: Int?
        }

        enum CodingKeys: String, CodingKey {
            case layers, features, parameters
            case userWidth = "user_width"
            case itemWidth = "item_width"
        }

        /// The layout of `network`, trained with `features`.
        init(_ network: EmbeddingNN, features: SideFeatures?) {
            let shape = network.shape
            layers = shape.layers
            userWidth = shape.userWidth
            itemWidth = shape.itemWidth
            let blocks = features.map { [$0.user, $0.item, $0.rating] } ?? []
            let categorical = blocks.flatMap(\.categorical)
            let continuous = blocks.flatMap(\.continuous)
            self.features =
                zip(categorical, shape.categoricalWidths).map { Feature(name: $0.name, width: $1) }
                + continuous.map { Feature(name: $0.name, width: nil) }
            parameters = ModelArtifact.parameterCount(shape) ?? 0
        }
    }

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
    /// `dot` or `embedding_nn`.
    public var kind: String
    /// An embedding_nn model's layout; nil for a dot model.
    public var network: Network?
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
        case model, kind, network, directions
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
        kind = artifact.model.kind
        network = artifact.model.network.map { Network($0, features: artifact.model.features) }
        hasBiases = artifact.model.hasBiases
        let dot = artifact.model.dotModel
        lowestBias = ModelInference.ranked(
            artifact, dot?.itemsByBias(k: k, highest: false, among: candidates) ?? [])
        highestBias = ModelInference.ranked(
            artifact, dot?.itemsByBias(k: k, highest: true, among: candidates) ?? [])
        let found = PrincipalDirection.compute(of: artifact.model.itemVectors, rows: candidates, count: 2)
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
        var lines = ["\(model): \(kind) model, \(itemsConsidered) most-rated items"]
        let vectors = network == nil ? "item factors'" : "item embedding's"
        if let network {
            lines.append("")
            lines.append(
                "embedding_nn: user embedding \(network.userWidth), item embedding \(network.itemWidth), hidden layers "
                    + (network.layers.isEmpty ? "none" : network.layers.map(String.init).joined(separator: ", "))
                    + ", \(network.parameters) parameters")
            lines.append(
                "side features: "
                    + (network.features.isEmpty
                        ? "none"
                        : network.features.map { f in f.width.map { "\(f.name) (embedding \($0))" } ?? f.name }
                            .joined(separator: ", ")))
        } else if hasBiases {
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
                "principal direction \(direction.component) (\(share)% of the \(vectors) variance), negative end:")
            lines += direction.negativeEnd.map { ModelInference.line($0, width: 3, decimals: 3) }
            lines.append("principal direction \(direction.component), positive end:")
            lines += direction.positiveEnd.map { ModelInference.line($0, width: 3, decimals: 3) }
        }
        return lines.joined(separator: "\n")
    }
}
