import Core

/// One trainable tensor of ``EmbeddingNN`` (an embedding table, a Linear weight or bias, a
/// BatchNorm weight or bias) with its gradient and the optimizer's moments.
///
/// Every buffer is a ``FactorMatrix`` (rows padded to whole `SIMD8<Float>` vectors). Padding
/// elements stay zero for good: their gradient is always zero, so every update rule leaves a
/// zero parameter with zero moments at zero.
final class ParameterTensor: @unchecked Sendable {
    // @unchecked Sendable: a tensor belongs to one EmbeddingNN, which one thread drives (one
    // fold = one thread); nothing else holds its buffers.

    /// The parameter values.
    let value: FactorMatrix
    /// ∂loss/∂value of the last backward pass.
    let gradient: FactorMatrix
    /// The optimizer's first moment (momentum buffer), when the rule has one.
    let first: FactorMatrix?
    /// The optimizer's second moment, when the rule has one.
    let second: FactorMatrix?
    /// Whether decoupled weight decay applies: embeddings and Linear weights, not biases nor
    /// BatchNorm (fastai's `wd_bn_bias=False`).
    let decays: Bool

    /// A zero tensor of `rows × columns` with zero gradient and moments.
    init(rows: Int, columns: Int, optimizer: Hyperparameters.Optimizer, decays: Bool) {
        value = FactorMatrix(rows: rows, columns: columns)
        gradient = FactorMatrix(rows: rows, columns: columns)
        first = optimizer.hasFirstMoment ? FactorMatrix(rows: rows, columns: columns) : nil
        second = optimizer.hasSecondMoment ? FactorMatrix(rows: rows, columns: columns) : nil
        self.decays = decays
    }

    /// The step's scales for this tensor (decay 1 when weight decay does not apply).
    @inline(__always)
    private func scales(_ s: OptimizerState.StepScales) -> OptimizerState.StepScales {
        var s = s
        if !decays { s.decay = 1 }
        return s
    }

    /// Applies the update rule to every element, row by row (so that the decay pass and the
    /// update pass of a row share the cache). Rows for which `touched` is false take their
    /// gradient from `zeroRow` (at least one row of zeros) instead of reading ``gradient``.
    ///
    /// - Complexity: O(rows · columns).
    func updateAll(
        _ s: OptimizerState.StepScales, touched: UnsafePointer<Bool>? = nil,
        zeroRow: UnsafeMutablePointer<SIMD8<Float>>? = nil
    ) {
        let s = scales(s)
        let c = value.vectorsPerRow
        let m = first?.base
        let v = second?.base
        for r in 0..<value.rows {
            let offset = r * c
            let g = touched.map { $0[r] } ?? true ? gradient.base + offset : zeroRow!
            OptimizerState.update(value.base + offset, g, m.map { $0 + offset }, v.map { $0 + offset }, c, s)
        }
    }

    /// Applies the update rule to the rows listed in `rows[0 ..< count]`.
    func update(rows: UnsafePointer<Int32>, count: Int, _ s: OptimizerState.StepScales) {
        let s = scales(s)
        let c = value.vectorsPerRow
        for k in 0..<count {
            let offset = Int(rows[k]) * c
            OptimizerState.update(
                value.base + offset, gradient.base + offset, first.map { $0.base + offset },
                second.map { $0.base + offset }, c, s)
        }
    }
}
