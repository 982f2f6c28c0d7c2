import Core

/// An embedding table of ``EmbeddingNN`` and the rows the last batch touched, so that the
/// gradient is zeroed (and a sparse step updates) only where it was written.
final class EmbeddingTable: @unchecked Sendable {
    // @unchecked Sendable: owned by one EmbeddingNN, which one thread drives.

    /// The table, its gradient and moments (one row per category).
    let parameter: ParameterTensor
    /// Number of rows (the category count).
    let rows: Int
    /// Width of the embedding (logical columns).
    let width: Int
    /// Per row: whether it is in ``touched``.
    private let marks: UnsafeMutablePointer<Bool>
    /// The touched rows, in first-touch order.
    let touched: UnsafeMutablePointer<Int32>
    /// One row of zeros: the gradient of an untouched row in a dense step.
    private let zeroRow: UnsafeMutablePointer<SIMD8<Float>>
    /// Number of touched rows.
    private(set) var touchedCount = 0

    /// A table of `rows × width` drawn from Normal(0, `std`).
    init(
        rows: Int, width: Int, std: Double, optimizer: Hyperparameters.Optimizer,
        using rng: inout SeededGenerator
    ) {
        self.rows = rows
        self.width = width
        parameter = ParameterTensor(rows: rows, columns: width, optimizer: optimizer, decays: true)
        parameter.value.fillNormal(std: std, using: &rng)
        marks = .allocate(capacity: max(rows, 1))
        marks.initialize(repeating: false, count: max(rows, 1))
        touched = .allocate(capacity: max(rows, 1))
        zeroRow = .allocate(capacity: parameter.value.vectorsPerRow)
        zeroRow.initialize(repeating: SIMD8<Float>(), count: parameter.value.vectorsPerRow)
    }

    deinit {
        marks.deallocate()
        touched.deallocate()
        zeroRow.deallocate()
    }

    /// Vectors per row.
    var vectors: Int { parameter.value.vectorsPerRow }

    /// Zeroes the gradient rows of the last backward pass and forgets them.
    ///
    /// - Complexity: O(touched rows · width).
    func clearGradient() {
        let c = vectors
        let g = parameter.gradient.base
        for k in 0..<touchedCount {
            let r = Int(touched[k])
            (g + r * c).update(repeating: SIMD8<Float>(), count: c)
            marks[r] = false
        }
        touchedCount = 0
    }

    /// Adds `dx` (``vectors`` vectors) to the gradient of row `r`, marking it touched.
    @inline(__always)
    func accumulate(row r: Int, _ dx: UnsafePointer<SIMD8<Float>>) {
        if !marks[r] {
            marks[r] = true
            touched[touchedCount] = Int32(truncatingIfNeeded: r)
            touchedCount += 1
        }
        let c = vectors
        let g = parameter.gradient.base + r * c
        for j in 0..<c { g[j] += dx[j] }
    }

    /// The optimizer step: every row (dense) or only the touched rows (sparse).
    func update(_ s: OptimizerState.StepScales, sparse: Bool) {
        if sparse {
            parameter.update(rows: touched, count: touchedCount, s)
        } else {
            parameter.updateAll(s, touched: marks, zeroRow: zeroRow)
        }
    }
}
