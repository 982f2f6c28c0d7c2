import Factorization
import Ratings

extension ModelArtifact {
    /// The file's first bytes: `MFMODEL` and a NUL.
    public static let magic: [UInt8] = Array("MFMODEL\0".utf8)
    /// The format version this code writes and reads.
    public static let formatVersion: UInt32 = 1
    /// Bytes in the fixed header.
    public static let headerSize = 64
    /// Bytes in the trailer (the SHA-256 of everything before it).
    public static let trailerSize = 32

    /// The artifact in its binary form (format version 1). All numbers are little-endian.
    ///
    /// | offset | size | field |
    /// |---|---|---|
    /// | 0 | 8 | magic `MFMODEL\0` |
    /// | 8 | 4 | u32 format version (1) |
    /// | 12 | 4 | u32 flags: bit 0 biases, bit 1 output range |
    /// | 16 | 4 | u32 users N |
    /// | 20 | 4 | u32 items M |
    /// | 24 | 4 | u32 embedding dimension d |
    /// | 28 | 4 | u32 rated pairs S |
    /// | 32 | 4 | f32 offset μ |
    /// | 36 | 8 | f32 ×2 output range lo, hi (0 without one) |
    /// | 44 | 4 | u32 reserved (0) |
    /// | 48 | 8 | u64 file length in bytes, trailer included |
    /// | 56 | 8 | reserved (0) |
    /// | 64 | 4·N·d | user factors U, f32, row-major |
    /// | … | 4·M·d | item factors V, f32, row-major |
    /// | … | 4·N, 4·M | user biases, item biases, f32 (only with flag bit 0) |
    /// | … | 4·(N+1) | u32 offsets of each user's rated items (CSR) |
    /// | … | 4·S | u32 rated item rows, ascending per user |
    /// | … | | strings, each u32 byte length + UTF-8: N user ids, M item ids, M titles ("" = none), config JSON, data fingerprint, metadata JSON |
    /// | end − 32 | 32 | SHA-256 of every byte before it |
    public func encoded() -> [UInt8] {
        let n = userIDs.count, m = itemIDs.count, d = model.embDim
        var out: [UInt8] = []
        out.reserveCapacity(Self.headerSize + 4 * ((n + m) * (d + 2) + seen.items.count) + 64 * (n + m))
        out += Self.magic
        Self.append(Self.formatVersion, to: &out)
        var flags: UInt32 = 0
        if model.hasBiases { flags |= 1 }
        if model.outputRange != nil { flags |= 2 }
        Self.append(flags, to: &out)
        Self.append(UInt32(n), to: &out)
        Self.append(UInt32(m), to: &out)
        Self.append(UInt32(d), to: &out)
        Self.append(UInt32(seen.items.count), to: &out)
        Self.append(model.offset.bitPattern, to: &out)
        Self.append((model.outputRange?.lowerBound ?? 0).bitPattern, to: &out)
        Self.append((model.outputRange?.upperBound ?? 0).bitPattern, to: &out)
        Self.append(UInt32(0), to: &out)
        let lengthOffset = out.count
        Self.append(UInt64(0), to: &out)
        Self.append(UInt64(0), to: &out)
        precondition(out.count == Self.headerSize)

        model.users.appendLittleEndian(to: &out)
        model.items.appendLittleEndian(to: &out)
        if let ub = model.userBias, let ib = model.itemBias {
            for value in ub { Self.append(value.bitPattern, to: &out) }
            for value in ib { Self.append(value.bitPattern, to: &out) }
        }
        for value in seen.offsets { Self.append(value, to: &out) }
        for value in seen.items { Self.append(value, to: &out) }
        for id in userIDs.rawIDs { Self.append(string: id, to: &out) }
        for id in itemIDs.rawIDs { Self.append(string: id, to: &out) }
        for title in titles { Self.append(string: title, to: &out) }
        Self.append(string: configJSON, to: &out)
        Self.append(string: dataFingerprint, to: &out)
        Self.append(string: metadataJSON, to: &out)

        let total = UInt64(out.count + Self.trailerSize)
        withUnsafeBytes(of: total.littleEndian) { bytes in
            for k in 0..<8 { out[lengthOffset + k] = bytes[k] }
        }
        out += SHA256.hash(out)
        return out
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func append(string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { utf8 in
            append(UInt32(utf8.count), to: &out)
            out.append(contentsOf: utf8)
        }
    }
}
