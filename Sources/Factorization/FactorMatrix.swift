import Core

/// A row-major `Float` matrix whose rows are padded to a multiple of 8 columns and stored as
/// `SIMD8<Float>` vectors, 64-byte aligned. The padding columns are always zero, so dot products
/// and Gramians over padded rows equal those over the logical columns.
///
/// The storage is a class so that worker threads can share it by pointer; see
/// ``WorkerPool`` for the rule that makes that safe. Outside this module it is only seen
/// through the read-only ``Factors`` value.
final class FactorMatrix: @unchecked Sendable {
    // @unchecked Sendable: a matrix is written only (1) while it is being filled, before any
    // other thread has it, and (2) by the one FoldTrainer that owns it, whose phases write
    // disjoint row ranges from different threads and are separated by the pool's join, which
    // orders all memory accesses. A model's matrices leave the trainer only when
    // `LockstepTrainer.run` returns (the trainer is then gone), and `Factors` and `MFModel`
    // have no API that writes them, so from then on they are only read.

    /// Number of rows.
    let rows: Int
    /// Number of logical columns (the embedding dimension).
    let columns: Int
    /// Number of `SIMD8<Float>` vectors per row (`ceil(columns / 8)`).
    let vectorsPerRow: Int
    /// The first vector of row 0.
    let base: UnsafeMutablePointer<SIMD8<Float>>

    /// A zero matrix.
    init(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 1)
        self.rows = rows
        self.columns = columns
        self.vectorsPerRow = (columns + 7) / 8
        let count = max(rows * vectorsPerRow, 1)
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: count * MemoryLayout<SIMD8<Float>>.stride, alignment: 64)
        base = raw.bindMemory(to: SIMD8<Float>.self, capacity: count)
        base.initialize(repeating: SIMD8<Float>(), count: count)
    }

    deinit {
        base.deinitialize(count: max(rows * vectorsPerRow, 1))
        base.deallocate()
    }

    /// Bytes of the storage (rows padded to `8 · vectorsPerRow` floats).
    var bytes: Int { max(rows * vectorsPerRow, 1) * MemoryLayout<SIMD8<Float>>.stride }

    /// The first vector of row `r`.
    @inline(__always)
    func row(_ r: Int) -> UnsafeMutablePointer<SIMD8<Float>> { base + r * vectorsPerRow }

    /// Element access by logical (row, column).
    subscript(row: Int, column: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns)
            return base[row * vectorsPerRow + column >> 3][column & 7]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns)
            base[row * vectorsPerRow + column >> 3][column & 7] = newValue
        }
    }

    /// Sets every element (padding included) to zero.
    func zero() {
        base.update(repeating: SIMD8<Float>(), count: rows * vectorsPerRow)
    }

    /// The logical elements as a flat row-major array of `rows × columns` values.
    func flattened() -> [Float] {
        var out = [Float]()
        out.reserveCapacity(rows * columns)
        for r in 0..<rows {
            for c in 0..<columns { out.append(self[r, c]) }
        }
        return out
    }

    /// Fills the logical elements with independent Normal(0, std) draws, row by row.
    func fillNormal(std: Double, using rng: inout SeededGenerator) {
        for r in 0..<rows {
            for c in 0..<columns { self[r, c] = Float(std * rng.nextNormal()) }
        }
    }
}
