import Agents
import Factorization
import Ratings

extension ModelArtifact {
    /// The file's first bytes: `MFMODEL` and a NUL.
    public static let magic: [UInt8] = Array("MFMODEL\0".utf8)
    /// The format version this code writes. It reads this one and version 1 (a dot model, laid
    /// out as version 2's `dot` kind, with 0 at offset 44).
    public static let formatVersion: UInt32 = 2
    /// Bytes in the fixed header.
    public static let headerSize = 64
    /// Bytes in the trailer (the SHA-256 of everything before it).
    public static let trailerSize = 32

    /// The artifact in its binary form (format version 2). All numbers are little-endian.
    ///
    /// The header:
    ///
    /// | offset | size | field |
    /// |---|---|---|
    /// | 0 | 8 | magic `MFMODEL\0` |
    /// | 8 | 4 | u32 format version (2; 1 for files of earlier releases) |
    /// | 12 | 4 | u32 flags: bit 0 biases (dot only), bit 1 output range |
    /// | 16 | 4 | u32 users N |
    /// | 20 | 4 | u32 items M |
    /// | 24 | 4 | u32 embedding dimension d (embedding_nn: the item embedding's width) |
    /// | 28 | 4 | u32 rated pairs S |
    /// | 32 | 4 | f32 offset μ (embedding_nn: 0) |
    /// | 36 | 8 | f32 ×2 output range lo, hi (0 without one) |
    /// | 44 | 4 | u32 model kind: 0 `dot`, 1 `embedding_nn` (version 1: reserved, always `dot`) |
    /// | 48 | 8 | u64 file length in bytes, trailer included |
    /// | 56 | 8 | reserved (0) |
    ///
    /// Kind 0, `dot` (version 1's only layout):
    ///
    /// | offset | size | field |
    /// |---|---|---|
    /// | 64 | 4·N·d | user factors U, f32, row-major |
    /// | … | 4·M·d | item factors V, f32, row-major |
    /// | … | 4·N, 4·M | user biases, item biases, f32 (only with flag bit 0) |
    ///
    /// Kind 1, `embedding_nn`:
    ///
    /// | offset | size | field |
    /// |---|---|---|
    /// | 64 | 4·4 | u32 user width, item width, continuous features C, categorical features K |
    /// | … | 4·K, 4·K | u32 each categorical feature's cardinality, then its embedding width |
    /// | … | 4 + 4·L | u32 hidden layers L, then each layer's size |
    /// | … | 4 | u32 tensors T |
    /// | … | | T tensors in `state_dict` order (``EmbeddingNN/tensors``): string name, u32 rank R, R × u32 sizes, f32 values row-major |
    ///
    /// Then, for both kinds:
    ///
    /// | offset | size | field |
    /// |---|---|---|
    /// | … | 4·(N+1) | u32 offsets of each user's rated items (CSR) |
    /// | … | 4·S | u32 rated item rows, ascending per user |
    /// | … | | strings, each u32 byte length + UTF-8: N user ids, M item ids, M titles ("" = none), config JSON, data fingerprint, metadata JSON; embedding_nn adds the side features as JSON (`SideFeatures`, "" = none) |
    /// | end − 32 | 32 | SHA-256 of every byte before it |
    public func encoded() -> [UInt8] {
        let n = userIDs.count, m = itemIDs.count
        var out: [UInt8] = []
        let dot = model.dotModel
        let network = model.network
        let d = dot?.embDim ?? network!.shape.itemWidth
        out.reserveCapacity(Self.headerSize + 4 * ((n + m) * (d + 2) + seen.items.count) + 64 * (n + m))
        out += Self.magic
        Self.append(Self.formatVersion, to: &out)
        let range = dot?.outputRange ?? network?.shape.outputRange
        var flags: UInt32 = 0
        if dot?.hasBiases == true { flags |= 1 }
        if range != nil { flags |= 2 }
        Self.append(flags, to: &out)
        Self.append(UInt32(n), to: &out)
        Self.append(UInt32(m), to: &out)
        Self.append(UInt32(d), to: &out)
        Self.append(UInt32(seen.items.count), to: &out)
        Self.append((dot?.offset ?? 0).bitPattern, to: &out)
        Self.append((range?.lowerBound ?? 0).bitPattern, to: &out)
        Self.append((range?.upperBound ?? 0).bitPattern, to: &out)
        Self.append(UInt32(network == nil ? 0 : 1), to: &out)
        let lengthOffset = out.count
        Self.append(UInt64(0), to: &out)
        Self.append(UInt64(0), to: &out)
        precondition(out.count == Self.headerSize)

        if let dot {
            dot.users.appendLittleEndian(to: &out)
            dot.items.appendLittleEndian(to: &out)
            if let ub = dot.userBias, let ib = dot.itemBias {
                for value in ub { Self.append(value.bitPattern, to: &out) }
                for value in ib { Self.append(value.bitPattern, to: &out) }
            }
        } else if let network {
            Self.append(network: network, to: &out)
        }
        for value in seen.offsets { Self.append(value, to: &out) }
        for value in seen.items { Self.append(value, to: &out) }
        for id in userIDs.rawIDs { Self.append(string: id, to: &out) }
        for id in itemIDs.rawIDs { Self.append(string: id, to: &out) }
        for title in titles { Self.append(string: title, to: &out) }
        Self.append(string: configJSON, to: &out)
        Self.append(string: dataFingerprint, to: &out)
        Self.append(string: metadataJSON, to: &out)
        if network != nil { Self.append(string: model.features.map(ConfigCoding.json) ?? "", to: &out) }

        let total = UInt64(out.count + Self.trailerSize)
        withUnsafeBytes(of: total.littleEndian) { bytes in
            for k in 0..<8 { out[lengthOffset + k] = bytes[k] }
        }
        out += SHA256.hash(out)
        return out
    }

    /// The embedding_nn section: the shape, then every tensor.
    private static func append(network: EmbeddingNN, to out: inout [UInt8]) {
        let shape = network.shape
        for value in [
            shape.userWidth, shape.itemWidth, shape.continuousCount, shape.categoricalCardinalities.count,
        ] {
            append(UInt32(value), to: &out)
        }
        for value in shape.categoricalCardinalities + shape.categoricalWidths { append(UInt32(value), to: &out) }
        append(UInt32(shape.layers.count), to: &out)
        for value in shape.layers { append(UInt32(value), to: &out) }
        let tensors = network.tensors
        append(UInt32(tensors.count), to: &out)
        for tensor in tensors {
            append(string: tensor.name, to: &out)
            append(UInt32(tensor.shape.count), to: &out)
            for size in tensor.shape { append(UInt32(size), to: &out) }
            for value in tensor.values { append(value.bitPattern, to: &out) }
        }
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
