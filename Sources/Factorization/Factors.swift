/// A model's factor vectors, one row per user or item (U or V): an immutable `rows × columns`
/// matrix of `Float`s.
///
/// A value that cannot be changed, so it is safe to share between threads. The elements live in
/// the trainer's padded SIMD storage; reading them through this type copies nothing until you
/// ask for an array.
public struct Factors: Sendable {
    /// The storage, which this module's loops use directly: a stored property costs no call
    /// even where code from other files is not inlined (debug builds). Never written once it is
    /// in a `Factors` that left the trainer (see ``FactorMatrix``).
    let storage: FactorMatrix

    /// The factors held by `storage`.
    init(_ storage: FactorMatrix) {
        self.storage = storage
    }

    /// Factors from `rows × columns` values in row-major order.
    ///
    /// - Precondition: `columns ≥ 1`, `rows ≥ 0` and `rowMajor.count == rows · columns`.
    public init(rows: Int, columns: Int, rowMajor values: [Float]) {
        storage = FactorMatrix(rows: rows, columns: columns, rowMajor: values)
    }

    /// Factors from `rows × columns` little-endian `Float`s in row-major order, as a model file
    /// stores them.
    ///
    /// - Precondition: `columns ≥ 1`, `rows ≥ 0` and `bytes.count == rows · columns · 4`.
    public init(rows: Int, columns: Int, littleEndian bytes: UnsafeRawBufferPointer) {
        storage = FactorMatrix(rows: rows, columns: columns, littleEndian: bytes)
    }

    /// Number of rows (users or items).
    public var rows: Int { storage.rows }
    /// Number of columns (the embedding dimension).
    public var columns: Int { storage.columns }

    /// The element at (`row`, `column`).
    ///
    /// - Precondition: both indices are in range.
    public subscript(row: Int, column: Int) -> Float { storage[row, column] }

    /// Row `r`'s `columns` values.
    ///
    /// - Complexity: O(columns).
    public func rowValues(_ r: Int) -> [Float] { storage.rowValues(r) }

    /// Every element as a flat row-major array of `rows × columns` values.
    ///
    /// - Complexity: O(rows · columns).
    public func flattened() -> [Float] { storage.flattened() }

    /// Appends every element, row-major, as little-endian `Float` bytes to `out` (the form
    /// ``init(rows:columns:littleEndian:)`` reads).
    ///
    /// - Complexity: O(rows · columns), one copy per row.
    public func appendLittleEndian(to out: inout [UInt8]) { storage.appendLittleEndian(to: &out) }
}
