// The byte forms copy `Float`s as they are in memory, which is little-endian.
#if !_endian(little)
#error("FactorMatrix's byte forms assume a little-endian machine")
#endif

extension FactorMatrix {
    /// A matrix from `rows × columns` values in row-major order (the logical columns only;
    /// padding is zero).
    ///
    /// - Precondition: `values.count == rows · columns`.
    convenience init(rows: Int, columns: Int, rowMajor values: [Float]) {
        precondition(values.count == rows * columns, "\(values.count) values for \(rows) × \(columns)")
        self.init(rows: rows, columns: columns)
        values.withUnsafeBufferPointer { source in
            for r in 0..<rows {
                UnsafeMutableRawPointer(row(r)).copyMemory(
                    from: source.baseAddress! + r * columns, byteCount: columns * MemoryLayout<Float>.size)
            }
        }
    }

    /// A matrix from `rows × columns` little-endian `Float` values in row-major order (the
    /// logical columns only; padding is zero).
    ///
    /// - Precondition: `bytes.count == rows · columns · 4`.
    convenience init(rows: Int, columns: Int, littleEndian bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == rows * columns * MemoryLayout<Float>.size)
        self.init(rows: rows, columns: columns)
        guard rows > 0, let source = bytes.baseAddress else { return }
        let rowBytes = columns * MemoryLayout<Float>.size
        for r in 0..<rows {
            UnsafeMutableRawPointer(row(r)).copyMemory(from: source + r * rowBytes, byteCount: rowBytes)
        }
    }

    /// Appends the logical elements, row-major, as little-endian `Float` bytes to `out`.
    func appendLittleEndian(to out: inout [UInt8]) {
        let rowBytes = columns * MemoryLayout<Float>.size
        out.reserveCapacity(out.count + rows * rowBytes)
        for r in 0..<rows {
            out.append(contentsOf: UnsafeRawBufferPointer(start: UnsafeRawPointer(row(r)), count: rowBytes))
        }
    }

    /// Row `r`'s logical elements.
    func rowValues(_ r: Int) -> [Float] {
        precondition(r >= 0 && r < rows)
        return (0..<columns).map { self[r, $0] }
    }
}
