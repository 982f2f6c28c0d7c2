public import Factorization
public import Ratings

/// The model inside a ``ModelArtifact``: a dot-product factorization (`model: dot`) or fastai's
/// EmbeddingNN (`model: embedding_nn`) with the side features it was trained with.
public enum TrainedModel: Sendable {
    /// Matrix factorization: user and item factors, optional biases.
    case dot(MFModel)
    /// fastai's EmbeddingNN and, when it was trained with side features, their levels and
    /// normalisation (the user and item blocks with every row; the rating block with its
    /// feature definitions only, see ``ModelArtifact/inferenceFeatures(_:)``).
    case embeddingNN(EmbeddingNN, features: SideFeatures?)

    /// The config's `model` value: `dot` or `embedding_nn`.
    public var kind: String {
        switch self {
        case .dot: "dot"
        case .embeddingNN: "embedding_nn"
        }
    }

    /// The dot model, nil for a network.
    public var dotModel: MFModel? {
        if case .dot(let model) = self { return model }
        return nil
    }

    /// The network, nil for a dot model.
    public var network: EmbeddingNN? {
        if case .embeddingNN(let network, _) = self { return network }
        return nil
    }

    /// The network's side features, nil for a dot model or a network trained without.
    public var features: SideFeatures? {
        if case .embeddingNN(_, let features) = self { return features }
        return nil
    }

    /// Whether the model has learned user and item biases (only a dot model with `bias`).
    public var hasBiases: Bool { dotModel?.hasBiases ?? false }

    /// Rows of the user embedding.
    public var userCount: Int {
        switch self {
        case .dot(let model): model.userCount
        case .embeddingNN(let network, _): network.shape.userCount
        }
    }

    /// Rows of the item embedding.
    public var itemCount: Int {
        switch self {
        case .dot(let model): model.itemCount
        case .embeddingNN(let network, _): network.shape.itemCount
        }
    }

    /// The item vectors `similar` compares: V for a dot model, the network's item embedding
    /// table (`embeds.1.weight`) for embedding_nn.
    ///
    /// - Complexity: O(parameters) for a network (its tensors are copied out).
    public var itemVectors: Factors {
        switch self {
        case .dot(let model):
            return model.items
        case .embeddingNN(let network, _):
            let table = network.tensors.first { $0.name == "embeds.1.weight" }!
            return Factors(rows: table.shape[0], columns: table.shape[1], rowMajor: table.values)
        }
    }
}
