public import Core
import Ratings

extension MemoryPlan {
    /// Bytes a training run allocates per thread beyond the trainer's arrays: an allowance for
    /// the part of a worker's stack it touches (the trainer has no per-thread buffers).
    public static let bytesPerTrainingThread = 256.0 * 1024

    /// Bytes each fold allocates whatever the data: its blocks and partial sums (at most 64
    /// blocks per phase) and the trainer object.
    public static let bytesPerFold = 8.0 * 1024

    /// The memory a training run needs, from its sizes alone, so that a run the machine cannot
    /// hold is refused (`try plan.check()`) before its folds are built.
    ///
    /// With |Ω| ratings, N users, M items, F folds, d' = emb_dim rounded up to a multiple of 8
    /// (rows are padded for SIMD), b = 1 with biases (else 0), and s = 0, 1 or 2 optimizer
    /// buffers per parameter (gd, momentum, adam):
    /// - `ratings table`: the loaded table, ``RatingsTable/estimatedBytes(ratings:users:items:)``;
    /// - `shared ratings`: the folds' one copy, 28·|Ω| + 8·(N + M), plus 16·|Ω| of scratch
    ///   while it is built (the fold of each rating and two counting-sort orders);
    /// - `fold indexes`: F · (8·(N + M) + 8 KiB), each fold's test ranges and blocks;
    /// - `factors`: F · (N + M) · (4·d' + 4·b), U and V and the biases;
    /// - `gradients`: F · ((N + M) · (4·d' + 4·b) + 4·d'²·(2 + p)), the gradients of U and V, the
    ///   two Gramians and their p partials (``FoldTrainer/gramianBlockCount(rows:padded:)`` for
    ///   N and for M);
    /// - `optimizer state`: s times the factors;
    /// - in mini-batch training, `batch order`: 4·|Ω| + F·8·|Ω| (each fold's positions and
    ///   shuffle) and no Gramians in `gradients`;
    /// - for `embedding_nn`, `network` replaces factors, gradients and optimizer state: F·(2 + s)
    ///   times the embeddings and dense layers;
    /// - `threads`: ``bytesPerTrainingThread`` per thread.
    public static func training(
        ratings: Int, users: Int, items: Int, folds: Int, hyperparameters h: Hyperparameters, threads: Int
    ) -> MemoryPlan {
        let omega = Double(ratings)
        let rows = Double(users) + Double(items)
        let f = Double(folds)
        let padded = Double((h.embDim + 7) / 8 * 8)
        let perRow = 4 * padded + (h.bias ? 4 : 0)
        let buffers: Double =
            (h.optimizer.hasFirstMoment ? 1 : 0) + (h.optimizer.hasSecondMoment ? 1 : 0)
        var parts: [Part] = [
            Part(
                "ratings table",
                bytes: RatingsTable.estimatedBytes(ratings: omega, users: Double(users), items: Double(items))),
            Part("shared ratings", bytes: 44 * omega + 8 * rows),
            Part("fold indexes", bytes: f * (8 * rows + bytesPerFold)),
        ]
        if h.isMiniBatch {
            // Each fold's train and test positions and its epoch's shuffle; one user per position.
            parts.append(Part("batch order", bytes: 4 * omega + f * 8 * omega))
        }
        if h.model == .embeddingNN {
            // Embeddings (rows padded for SIMD) and the dense layers, each with its gradient and
            // optimizer state; the scratch of a batch is small beside them.
            func padded(_ w: Int) -> Double { Double((w + 7) / 8 * 8) }
            let ku = h.userEmbDim > 0 ? h.userEmbDim : Hyperparameters.fastaiEmbeddingSize(users)
            let ki = h.itemEmbDim > 0 ? h.itemEmbDim : Hyperparameters.fastaiEmbeddingSize(items)
            var dense = 0.0
            var width = padded(ku) + padded(ki)
            for layer in h.layers {
                dense += width * Double(layer) + 4 * Double(layer)
                width = padded(layer)
            }
            dense += width + 1
            let network = 4 * (Double(users) * padded(ku) + Double(items) * padded(ki) + dense)
            parts.append(Part("network", bytes: f * (2 + buffers) * network))
        } else {
            parts.append(Part("factors", bytes: f * rows * perRow))
            let partials =
                FoldTrainer.gramianBlockCount(rows: users, padded: Int(padded))
                + FoldTrainer.gramianBlockCount(rows: items, padded: Int(padded))
            let gramians = h.isMiniBatch ? 0 : 4 * padded * padded * Double(2 + partials)
            parts.append(Part("gradients", bytes: f * (rows * perRow + gramians)))
            parts.append(Part("optimizer state", bytes: buffers * f * rows * perRow))
        }
        parts.append(Part("threads", bytes: Double(max(1, threads)) * bytesPerTrainingThread))
        return MemoryPlan(
            work: "this training plan (\(folds) folds of \(ratings) ratings, \(users) users × \(items) items, "
                + "emb_dim \(h.embDim))",
            parts: parts,
            advice: "use fewer folds, a smaller emb_dim or less data")
    }
}
