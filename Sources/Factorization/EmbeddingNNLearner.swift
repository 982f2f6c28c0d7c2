import Core
import Ratings

/// Mini-batch training of fastai's EmbeddingNN (``EmbeddingNN``) for one fold.
///
/// The network's own step does the forward pass in training mode, the backward pass and the
/// optimizer update (no weight decay on BatchNorm parameters and biases, fastai's default);
/// this learner hands it each batch with the batch's side features.
final class EmbeddingNNLearner: BatchLearner, @unchecked Sendable {
    // @unchecked Sendable: a learner is used by one task at a time (its fold's).

    /// The network being trained.
    let network: EmbeddingNN
    let h: Hyperparameters
    /// The side features, and the table row of each position (for the per-rating ones).
    let features: SideFeatures?
    let rows: UnsafeMutablePointer<Int32>
    /// A batch's categorical codes (B × categorical features) and continuous values, for up to
    /// `scratchRows` rows.
    private var codes: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    private var values: UnsafeMutablePointer<Float> = .allocate(capacity: 1)
    private var scratchRows = 0

    /// A learner for `fold`, the network initialised from `seed`, with the categorical side
    /// features embedded (user, then item, then rating features, in the order given) and the
    /// continuous ones as inputs.
    init(fold: TrainingFold, hyperparameters: Hyperparameters, seed: UInt64, features: SideFeatures?) {
        h = hyperparameters
        let features = features.flatMap { $0.isEmpty ? nil : $0 }
        self.features = features
        rows = fold.ratings.index.rows
        let levels = features.map { [$0.user, $0.item, $0.rating] } ?? []
        let shape = EmbeddingNN.Shape(
            userCount: fold.userCount, itemCount: fold.itemCount,
            categoricalCardinalities: levels.flatMap(\.cardinalities),
            continuousCount: levels.reduce(0) { $0 + $1.continuousCount }, hyperparameters: h)
        network = EmbeddingNN(shape: shape, hyperparameters: h, seed: seed)
    }

    func train(_ batch: MiniBatch, scales: OptimizerState.StepScales) -> Double {
        network.step(networkBatch(batch), scales: scales, sparse: h.sparse)
    }

    func predict(_ batch: MiniBatch, into out: UnsafeMutablePointer<Float>) {
        network.predict(networkBatch(batch), into: out)
    }

    /// EmbeddingNN has no `ell_2` term (it uses `wd`).
    func l2Term() -> Double { 0 }

    /// The batch as the network takes it, with its rows' side features gathered into the
    /// learner's scratch.
    func networkBatch(_ batch: MiniBatch) -> EmbeddingNN.Batch {
        var out = EmbeddingNN.Batch(
            count: batch.count, users: UnsafePointer(batch.users), items: UnsafePointer(batch.items),
            ratings: UnsafePointer(batch.ratings))
        guard let features else { return out }
        let nCat = network.shape.categoricalCardinalities.count
        let nCont = network.shape.continuousCount
        if batch.count > scratchRows {
            codes.deallocate()
            values.deallocate()
            scratchRows = batch.count
            codes = .allocate(capacity: max(1, scratchRows * nCat))
            values = .allocate(capacity: max(1, scratchRows * nCont))
        }
        var catAt = 0
        var contAt = 0
        for (level, block) in [features.user, features.item, features.rating].enumerated() {
            let (cats, conts) = (block.categoricalCount, block.continuousCount)
            if cats + conts == 0 { continue }
            block.codes.withUnsafeBufferPointer { blockCodes in
                block.values.withUnsafeBufferPointer { blockValues in
                    for r in 0..<batch.count {
                        let e =
                            switch level {
                            case 0: Int(batch.users[r])
                            case 1: Int(batch.items[r])
                            default: Int(rows[Int(batch.positions[r])])
                            }
                        for k in 0..<cats { codes[r * nCat + catAt + k] = blockCodes[e * cats + k] }
                        for k in 0..<conts { values[r * nCont + contAt + k] = blockValues[e * conts + k] }
                    }
                }
            }
            catAt += cats
            contAt += conts
        }
        out.categorical = nCat > 0 ? UnsafePointer(codes) : nil
        out.continuous = nCont > 0 ? UnsafePointer(values) : nil
        return out
    }

    deinit {
        codes.deallocate()
        values.deallocate()
    }
}
