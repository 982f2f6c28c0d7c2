import Core

@testable import Factorization

/// Batches and parameter views shared by the EmbeddingNN tests.
struct EmbeddingNNFixture {
    /// A batch held in arrays.
    struct Rows {
        var users: [Int32] = []
        var items: [Int32] = []
        var ratings: [Float] = []
        var categorical: [Int32] = []
        var continuous: [Float] = []

        var count: Int { users.count }

        /// Random rows for `shape` (ratings in 1...5, continuous values ~ Normal(0, 1)).
        init(shape: EmbeddingNN.Shape, count: Int, seed: UInt64) {
            var rng = SeededGenerator(seed: seed)
            for _ in 0..<count {
                users.append(Int32(rng.nextIndex(below: shape.userCount)))
                items.append(Int32(rng.nextIndex(below: shape.itemCount)))
                ratings.append(Float(1 + 4 * rng.nextUnit()))
                for card in shape.categoricalCardinalities { categorical.append(Int32(rng.nextIndex(below: card))) }
                for _ in 0..<shape.continuousCount { continuous.append(Float(rng.nextNormal())) }
            }
        }

        init(users: [Int32], items: [Int32], ratings: [Float]) {
            self.users = users
            self.items = items
            self.ratings = ratings
        }

        /// Runs `body` on a batch over these arrays.
        func with<R>(_ body: (EmbeddingNN.Batch) -> R) -> R {
            users.withUnsafeBufferPointer { u in
                items.withUnsafeBufferPointer { i in
                    ratings.withUnsafeBufferPointer { r in
                        categorical.withUnsafeBufferPointer { c in
                            continuous.withUnsafeBufferPointer { x in
                                body(
                                    EmbeddingNN.Batch(
                                        count: u.count, users: u.baseAddress!, items: i.baseAddress!,
                                        ratings: r.baseAddress!, categorical: c.isEmpty ? nil : c.baseAddress,
                                        continuous: x.isEmpty ? nil : x.baseAddress))
                            }
                        }
                    }
                }
            }
        }
    }

    /// One trainable tensor seen by logical (row, column) (the first Linear layer's columns go
    /// through its column map).
    struct View {
        var name: String
        var tensor: ParameterTensor
        var rows: Int
        var columns: [Int]

        var elements: [(row: Int, column: Int)] {
            (0..<rows).flatMap { r in columns.map { (r, $0) } }
        }
    }

    /// Every trainable tensor of `net`.
    static func views(_ net: EmbeddingNN) -> [View] {
        var out: [View] = []
        for (k, t) in net.embeddings.enumerated() {
            out.append(View(name: "embeds.\(k)", tensor: t.parameter, rows: t.rows, columns: Array(0..<t.width)))
        }
        func norm(_ name: String, _ n: BatchNormLayer) {
            out.append(View(name: name + ".weight", tensor: n.weight, rows: 1, columns: Array(0..<n.features)))
            out.append(View(name: name + ".bias", tensor: n.bias, rows: 1, columns: Array(0..<n.features)))
        }
        if let n = net.continuousNorm { norm("bn_cont", n) }
        for (l, layer) in net.hidden.enumerated() {
            out.append(
                View(name: "layers.\(l).0.weight", tensor: layer.weight, rows: layer.outputs, columns: layer.columnMap))
            norm("layers.\(l).2", net.norms[l])
        }
        out.append(View(name: "out.weight", tensor: net.output.weight, rows: 1, columns: net.output.columnMap))
        out.append(View(name: "out.bias", tensor: net.output.bias!, rows: 1, columns: [0]))
        return out
    }

    /// Every parameter value of `net`, in ``views(_:)`` order.
    static func values(_ net: EmbeddingNN) -> [Float] {
        views(net).flatMap { v in v.elements.map { v.tensor.value[$0.row, $0.column] } }
    }

    /// Hyperparameters of a small network: `layers`, widths 3 and 4, Normal(0, 0.5) embeddings.
    static func settings(
        layers: [Int] = [5, 3], yRange: ClosedRange<Double>? = nil, embedP: Double = 0, ps: Double = 0,
        optimizer: Hyperparameters.Optimizer = .adam
    ) -> Hyperparameters {
        var h = Hyperparameters()
        h.model = .embeddingNN
        h.batchSize = 8
        h.gram = 0
        h.layers = layers
        h.yRange = yRange
        h.embedP = embedP
        h.ps = ps
        h.userEmbDim = 3
        h.itemEmbDim = 4
        h.priorStd = 0.5
        h.optimizer = optimizer
        return h
    }
}
