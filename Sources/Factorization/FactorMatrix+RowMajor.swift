extension FactorMatrix {
    /// A matrix from `rows × columns` little-endian `Float` values in row-major order (the
    /// logical columns only; padding is zero).
    ///
    /// - Precondition: `bytes.count == rows · columns · 4`.
    public convenience init(rows: Int, columns: Int, rowMajor bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == rows * columns * MemoryLayout<Float>.size)
        self.init(rows: rows, columns: columns)
        guard rows > 0, let source = bytes.baseAddress else { return }
        let rowBytes = columns * MemoryLayout<Float>.size
        for r in 0..<rows {
            UnsafeMutableRawPointer(row(r)).copyMemory(from: source + r * rowBytes, byteCount: rowBytes)
        }
    }

    /// Appends the logical elements, row-major, as raw `Float` bytes to `out`.
    public func appendRowMajor(to out: inout [UInt8]) {
        let rowBytes = columns * MemoryLayout<Float>.size
        out.reserveCapacity(out.count + rows * rowBytes)
        for r in 0..<rows {
            out.append(contentsOf: UnsafeRawBufferPointer(start: UnsafeRawPointer(row(r)), count: rowBytes))
        }
    }

    /// Row `r`'s logical elements.
    public func rowValues(_ r: Int) -> [Float] {
        precondition(r >= 0 && r < rows)
        return (0..<columns).map { self[r, $0] }
    }
}

extension FloatBuffer {
    /// A buffer from `count` raw `Float` values.
    ///
    /// - Precondition: `bytes.count == count · 4`.
    public convenience init(count: Int, raw bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == count * MemoryLayout<Float>.size)
        self.init(count: count)
        if count > 0, let source = bytes.baseAddress {
            UnsafeMutableRawPointer(base).copyMemory(from: source, byteCount: bytes.count)
        }
    }

    /// Appends the elements as raw `Float` bytes to `out`.
    public func appendRaw(to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeRawBufferPointer(start: UnsafeRawPointer(base), count: count * MemoryLayout<Float>.size))
    }
}
