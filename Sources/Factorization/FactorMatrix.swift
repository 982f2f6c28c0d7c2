public import Core
public import Ratings

/// A row-major `Float` matrix whose rows are padded to a multiple of 8 columns and stored as
/// `SIMD8<Float>` vectors, 64-byte aligned. The padding columns are always zero, so dot products
/// and Gramians over padded rows equal those over the logical columns.
///
/// The storage is a class so that worker threads can share it by pointer; see
/// ``WorkerPool`` for the rule that makes that safe.
public final class FactorMatrix: @unchecked Sendable {
    // @unchecked Sendable: the trainer's phases write disjoint row ranges from different
    // threads and are separated by the pool's join, which orders all memory accesses.

    /// Number of rows.
    public let rows: Int
    /// Number of logical columns (the embedding dimension).
    public let columns: Int
    /// Number of `SIMD8<Float>` vectors per row (`ceil(columns / 8)`).
    public let vectorsPerRow: Int
    /// The first vector of row 0.
    let base: UnsafeMutablePointer<SIMD8<Float>>

    /// A zero matrix.
    public init(rows: Int, columns: Int) {
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

    /// The first vector of row `r`.
    @inline(__always)
    func row(_ r: Int) -> UnsafeMutablePointer<SIMD8<Float>> { base + r * vectorsPerRow }

    /// Element access by logical (row, column).
    public subscript(row: Int, column: Int) -> Float {
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
    public func zero() {
        base.update(repeating: SIMD8<Float>(), count: rows * vectorsPerRow)
    }

    /// Copies every element of `other`, which must have the same shape.
    public func copy(from other: FactorMatrix) {
        precondition(rows == other.rows && columns == other.columns)
        base.update(from: other.base, count: rows * vectorsPerRow)
    }

    /// The logical elements as a flat row-major array of `rows × columns` values.
    public func flattened() -> [Float] {
        var out = [Float]()
        out.reserveCapacity(rows * columns)
        for r in 0..<rows {
            for c in 0..<columns { out.append(self[r, c]) }
        }
        return out
    }

    /// Fills the logical elements with independent Normal(0, std) draws, row by row.
    public func fillNormal(std: Double, using rng: inout SeededGenerator) {
        for r in 0..<rows {
            for c in 0..<columns { self[r, c] = Float(std * rng.nextNormal()) }
        }
    }
}
