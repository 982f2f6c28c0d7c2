public import Core

/// fastai's EmbeddingNN (a `TabularModel` with one output) for ratings: the user, item and
/// categorical side-feature embeddings concatenated, dropout `embed_p`, the continuous side
/// features through a BatchNorm (`bn_cont`) appended, then for each hidden size
/// Linear (no bias) → ReLU → BatchNorm1d → Dropout(`ps`), and a final Linear with bias, through
/// lo + (hi − lo)·sigmoid(x) when there is an output range.
///
/// The network keeps its parameters, gradients, optimizer moments and scratch for a batch; a
/// training step is ``step(_:scales:sparse:)``. Every row is a run of `SIMD8<Float>` vectors
/// (each embedding padded to a multiple of 8 inside the concatenation; the first Linear layer's
/// padding columns stay zero), and nothing is allocated per batch once the scratch has grown to
/// the largest batch.
///
/// - Complexity: O(B · Σ_l n_l·n_{l+1}) per forward or backward pass over B rows, plus
///   O(parameters) per dense optimizer step.
public final class EmbeddingNN: @unchecked Sendable {
    // @unchecked Sendable: a network is driven by one thread at a time (one fold = one thread);
    // its buffers are never shared, and it is handed between threads only between calls.

    /// The sizes of a network.
    public struct Shape: Sendable, Equatable {
        /// Number of users (rows of the user embedding).
        public var userCount: Int
        /// Number of items (rows of the item embedding).
        public var itemCount: Int
        /// The number of codes of each categorical side feature (code 0 is "unknown").
        public var categoricalCardinalities: [Int]
        /// Number of continuous side features per row.
        public var continuousCount: Int
        /// Width of the user embedding.
        public var userWidth: Int
        /// Width of the item embedding.
        public var itemWidth: Int
        /// Width of each categorical embedding.
        public var categoricalWidths: [Int]
        /// Sizes of the hidden layers.
        public var layers: [Int]
        /// The output range, if predictions go through a sigmoid.
        public var outputRange: ClosedRange<Float>?

        /// A shape with every size given.
        public init(
            userCount: Int, itemCount: Int, categoricalCardinalities: [Int], continuousCount: Int,
            userWidth: Int, itemWidth: Int, categoricalWidths: [Int], layers: [Int],
            outputRange: ClosedRange<Float>?
        ) {
            self.userCount = userCount
            self.itemCount = itemCount
            self.categoricalCardinalities = categoricalCardinalities
            self.continuousCount = continuousCount
            self.userWidth = userWidth
            self.itemWidth = itemWidth
            self.categoricalWidths = categoricalWidths
            self.layers = layers
            self.outputRange = outputRange
        }

        /// The shape `h` asks for: `user_emb_dim` and `item_emb_dim` when above 0, else
        /// fastai's rule (as for every categorical feature), `layers` and `y_range`.
        public init(
            userCount: Int, itemCount: Int, categoricalCardinalities: [Int] = [], continuousCount: Int = 0,
            hyperparameters h: Hyperparameters
        ) {
            self.init(
                userCount: userCount, itemCount: itemCount, categoricalCardinalities: categoricalCardinalities,
                continuousCount: continuousCount,
                userWidth: h.userEmbDim > 0 ? h.userEmbDim : Hyperparameters.fastaiEmbeddingSize(userCount),
                itemWidth: h.itemEmbDim > 0 ? h.itemEmbDim : Hyperparameters.fastaiEmbeddingSize(itemCount),
                categoricalWidths: categoricalCardinalities.map { Hyperparameters.fastaiEmbeddingSize($0) },
                layers: h.layers, outputRange: h.yRange.map { Float($0.lowerBound)...Float($0.upperBound) })
        }

        /// The embeddings' (rows, width): user, item, then the categorical features.
        var embeddingSizes: [(rows: Int, width: Int)] {
            [(userCount, userWidth), (itemCount, itemWidth)]
                + zip(categoricalCardinalities, categoricalWidths).map { ($0, $1) }
        }
    }

    /// B rows of a batch, by pointer (the caller keeps the storage alive during the call).
    public struct Batch {
        /// Number of rows B.
        public var count: Int
        /// User index of each row.
        public var users: UnsafePointer<Int32>
        /// Item index of each row.
        public var items: UnsafePointer<Int32>
        /// Rating of each row (ignored by ``EmbeddingNN/predict(_:into:)``).
        public var ratings: UnsafePointer<Float>
        /// Row-major B × (categorical features) codes, when the network has categorical features.
        public var categorical: UnsafePointer<Int32>?
        /// Row-major B × (continuous features) values, normalised by the caller.
        public var continuous: UnsafePointer<Float>?

        /// A batch over caller-owned storage.
        public init(
            count: Int, users: UnsafePointer<Int32>, items: UnsafePointer<Int32>, ratings: UnsafePointer<Float>,
            categorical: UnsafePointer<Int32>? = nil, continuous: UnsafePointer<Float>? = nil
        ) {
            self.count = count
            self.users = users
            self.items = items
            self.ratings = ratings
            self.categorical = categorical
            self.continuous = continuous
        }
    }

    /// The network's sizes.
    public let shape: Shape
    /// The update rule whose moments the parameters keep.
    let optimizer: Hyperparameters.Optimizer
    /// Dropout probability on the concatenated embeddings.
    let embedP: Float
    /// Dropout probability after each hidden layer.
    let ps: Float
    /// User, item, then categorical embeddings.
    let embeddings: [EmbeddingTable]
    /// `bn_cont`, when there are continuous features.
    let continuousNorm: BatchNormLayer?
    /// The hidden Linear layers (no bias).
    let hidden: [LinearLayer]
    /// The BatchNorm after each hidden layer.
    let norms: [BatchNormLayer]
    /// The final Linear(last, 1) with bias.
    let output: LinearLayer
    /// Every parameter outside the embeddings: `bn_cont`, the hidden layers and their
    /// BatchNorms, the final layer.
    let denseParameters: [ParameterTensor]
    /// Vector offset of each embedding in an input row.
    let embeddingOffsets: [Int]
    /// Vectors of the embeddings in an input row (the continuous features follow).
    let embeddingVectors: Int
    /// Vectors per input row.
    let inputVectors: Int
    /// Draws the dropout masks (training only); tests may save and restore it to fix a mask.
    var dropoutGenerator: SeededGenerator
    /// The scratch of a batch.
    var scratch: Scratch

    /// A network of `shape` with fresh parameters from `seed`: embeddings ~ Normal(0, prior_std),
    /// Linear layers as PyTorch initialises them, BatchNorm γ = 1 and β = 1e-3 (fastai's
    /// `BatchNorm`; `bn_cont` is PyTorch's `BatchNorm1d`, β = 0).
    public init(shape: Shape, hyperparameters h: Hyperparameters, seed: UInt64) {
        precondition(shape.userCount > 0 && shape.itemCount > 0, "EmbeddingNN needs users and items")
        precondition(shape.categoricalCardinalities.count == shape.categoricalWidths.count)
        self.shape = shape
        optimizer = h.optimizer
        embedP = Float(h.embedP)
        ps = Float(h.ps)
        var tables: [EmbeddingTable] = []
        var offsets: [Int] = []
        var columnMap: [Int] = []
        var offset = 0
        for (k, size) in shape.embeddingSizes.enumerated() {
            var rng = SeededGenerator(seed: seed, stream: "enn.embeds.\(k)")
            let table = EmbeddingTable(
                rows: size.rows, width: size.width, std: h.priorStd, optimizer: h.optimizer, using: &rng)
            tables.append(table)
            offsets.append(offset)
            columnMap += (0..<size.width).map { offset * 8 + $0 }
            offset += table.vectors
        }
        embeddings = tables
        embeddingOffsets = offsets
        embeddingVectors = offset
        let continuousCount = shape.continuousCount
        columnMap += (0..<continuousCount).map { offset * 8 + $0 }
        inputVectors = offset + (continuousCount + 7) / 8
        continuousNorm =
            continuousCount > 0
            ? BatchNormLayer(features: continuousCount, biasInit: 0, optimizer: h.optimizer, rows: 1) : nil
        var layers: [LinearLayer] = []
        var norms: [BatchNormLayer] = []
        var inVectors = inputVectors
        for (l, size) in shape.layers.enumerated() {
            var rng = SeededGenerator(seed: seed, stream: "enn.layers.\(l)")
            let layer = LinearLayer(
                inputVectors: inVectors, columnMap: columnMap, outputs: size, bias: false, optimizer: h.optimizer,
                using: &rng)
            layers.append(layer)
            norms.append(BatchNormLayer(features: size, biasInit: 1e-3, optimizer: h.optimizer, rows: 1))
            inVectors = layer.outputVectors
            columnMap = Array(0..<size)
        }
        hidden = layers
        self.norms = norms
        var rng = SeededGenerator(seed: seed, stream: "enn.output")
        output = LinearLayer(
            inputVectors: inVectors, columnMap: columnMap, outputs: 1, bias: true, optimizer: h.optimizer,
            using: &rng)
        var dense: [ParameterTensor] = []
        if let norm = continuousNorm { dense += [norm.weight, norm.bias] }
        for (layer, norm) in zip(layers, norms) { dense += [layer.weight, norm.weight, norm.bias] }
        dense += [output.weight] + (output.bias.map { [$0] } ?? [])
        denseParameters = dense
        dropoutGenerator = SeededGenerator(seed: seed, stream: "enn.dropout")
        scratch = Scratch(
            rows: max(h.batchSize, 1), inputVectors: inputVectors, embeddingVectors: embeddingVectors,
            continuousCount: continuousCount, layers: shape.layers)
    }

    /// The buffers of one batch, `rows` rows each.
    struct Scratch {
        /// Rows the buffers hold.
        let rows: Int
        /// The concatenated input of the first layer.
        let input: FactorMatrix
        /// ∂loss/∂input.
        let inputGradient: FactorMatrix
        /// The embedding dropout mask.
        let inputMask: FactorMatrix
        /// The continuous features, then their gradient.
        let continuous: FactorMatrix
        /// Each hidden layer's output after ReLU (its BatchNorm's input).
        let activations: [FactorMatrix]
        /// Each hidden layer's output after BatchNorm and dropout (the next layer's input).
        let outputs: [FactorMatrix]
        /// Each hidden layer's dropout mask.
        let masks: [FactorMatrix]
        /// The final layer's output (lane 0 of one vector per row).
        let scores: FactorMatrix
        /// ∂loss/∂score.
        let scoreGradient: FactorMatrix
        /// Two gradient buffers for the hidden layers, used in turn.
        let gradientA: FactorMatrix
        let gradientB: FactorMatrix

        init(rows: Int, inputVectors: Int, embeddingVectors: Int, continuousCount: Int, layers: [Int]) {
            self.rows = rows
            input = FactorMatrix(rows: rows, columns: 8 * inputVectors)
            inputGradient = FactorMatrix(rows: rows, columns: 8 * inputVectors)
            inputMask = FactorMatrix(rows: rows, columns: 8 * embeddingVectors)
            continuous = FactorMatrix(rows: rows, columns: max(continuousCount, 1))
            activations = layers.map { FactorMatrix(rows: rows, columns: $0) }
            outputs = layers.map { FactorMatrix(rows: rows, columns: $0) }
            masks = layers.map { FactorMatrix(rows: rows, columns: $0) }
            scores = FactorMatrix(rows: rows, columns: 1)
            scoreGradient = FactorMatrix(rows: rows, columns: 1)
            let widest = max(layers.max() ?? 1, 1)
            gradientA = FactorMatrix(rows: rows, columns: widest)
            gradientB = FactorMatrix(rows: rows, columns: widest)
        }
    }

    /// Grows the scratch to hold `rows` rows.
    func reserve(rows: Int) {
        guard rows > scratch.rows else { return }
        let grown = max(rows, 2 * scratch.rows)
        scratch = Scratch(
            rows: grown, inputVectors: inputVectors, embeddingVectors: embeddingVectors,
            continuousCount: shape.continuousCount, layers: shape.layers)
        for norm in norms { norm.reserve(rows: grown) }
        continuousNorm?.reserve(rows: grown)
    }
}
