import Factorization
import Ratings

// The format is little-endian and arrays are copied as they are in memory.
#if !_endian(little)
#error("ModelArtifact decoding assumes a little-endian machine")
#endif

extension ModelArtifact {
    /// Reads an artifact from its bytes (see ``encoded()``), checking in order: the magic, the
    /// format version, the length in the header against the real length, the SHA-256 trailer,
    /// then (if `expectedSHA256` is given, as the store records it) the SHA-256 of the whole
    /// file, and last the structure (sizes, offsets, item rows, UTF-8).
    ///
    /// The whole-file hash shares one pass with the trailer's. Arrays are copied out with
    /// `memcpy`-style moves, not element by element.
    ///
    /// - Parameter path: Named in errors.
    /// - Throws: ``ArtifactError`` naming `path` and what is wrong.
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, path: String, expectedSHA256: String? = nil
    ) throws(ArtifactError) -> ModelArtifact {
        func fail(_ message: String) -> ArtifactError { ArtifactError(path: path, message) }
        let minimum = headerSize + trailerSize
        guard bytes.count >= minimum else {
            throw fail("truncated: \(bytes.count) bytes, a model file has at least \(minimum)")
        }
        guard bytes.prefix(8).elementsEqual(magic) else {
            throw fail("not an mfsweep model file (it does not start with \"MFMODEL\")")
        }
        var reader = ByteReader(bytes: bytes, offset: 8)
        let version = reader.u32()
        guard version == 1 || version == formatVersion else {
            throw fail(
                "format version \(version) is not one this mfsweep reads (it reads versions 1 to \(formatVersion))")
        }
        let declared = bytes.loadUnaligned(fromByteOffset: 48, as: UInt64.self).littleEndian
        guard declared == UInt64(bytes.count) else {
            throw fail(
                declared > UInt64(bytes.count)
                    ? "truncated: the header says \(declared) bytes, the file has \(bytes.count)"
                    : "damaged: the header says \(declared) bytes, the file has \(bytes.count)")
        }
        let bodyEnd = bytes.count - trailerSize
        var hasher = SHA256()
        hasher.update(UnsafeRawBufferPointer(rebasing: bytes[0..<bodyEnd]))
        var whole = hasher
        let content = SHA256.hex(hasher.finalize())
        let trailer = SHA256.hex(bytes[bodyEnd...])
        if let expectedSHA256 {
            whole.update(UnsafeRawBufferPointer(rebasing: bytes[bodyEnd...]))
            let actual = SHA256.hex(whole.finalize())
            guard actual == expectedSHA256.lowercased() else {
                throw fail(
                    "checksum mismatch (expected \(expectedSHA256) as the store records it, got \(actual)); the file was changed or damaged"
                )
            }
        }
        guard content == trailer else {
            throw fail(
                "checksum mismatch (trailer says \(trailer), content hashes to \(content)); the file was changed or damaged"
            )
        }

        let flags = reader.u32()
        let n = Int(reader.u32()), m = Int(reader.u32()), d = Int(reader.u32()), s = Int(reader.u32())
        let offset = Float(bitPattern: reader.u32())
        let lo = Float(bitPattern: reader.u32()), hi = Float(bitPattern: reader.u32())
        // Version 1 wrote 0 here (reserved): every version-1 file is a dot model.
        let kind = version == 1 ? 0 : reader.u32()
        // Ids are `Int32` indices: more than 2^31 − 1 users or items is damage, not a model.
        guard d >= 1, d <= 4096, n <= Int(Int32.max), m <= Int(Int32.max), flags & ~3 == 0, kind <= 1 else {
            throw fail("damaged: bad header (users \(n), items \(m), dim \(d), flags \(flags), kind \(kind))")
        }
        let hasRange = flags & 2 != 0
        guard !hasRange || (lo.isFinite && hi.isFinite && lo <= hi) else {
            throw fail("damaged: bad output range \(lo)...\(hi) (flag bit 1 is set, so lo ≤ hi, both finite)")
        }
        let range: ClosedRange<Float>? = hasRange ? lo...hi : nil
        reader.offset = headerSize
        reader.end = bodyEnd
        let model: TrainedModel
        if kind == 1 {
            guard flags & 1 == 0, offset == 0, n >= 1, m >= 1 else {
                throw fail("damaged: bad header for an embedding_nn model (users \(n), items \(m), flags \(flags))")
            }
            // The CSR tables are fixed-size too: they must fit before anything is allocated.
            guard 4 * (n + 1 + s) <= bodyEnd - headerSize else {
                throw fail(
                    "damaged: the header's sizes (\(n) users, \(s) rated pairs) need more bytes than the file has")
            }
            let network = try Self.network(&reader, users: n, items: m, range: range, fail: fail)
            model = .embeddingNN(network, features: nil)
        } else {
            model = .dot(
                try Self.dotModel(
                    &reader, users: n, items: m, dim: d, pairs: s, hasBias: flags & 1 != 0, offset: offset,
                    range: range,
                    fail: fail))
        }
        guard 4 * (n + 1 + s) <= reader.end - reader.offset else {
            throw fail("damaged: the rated-items table runs past the end")
        }
        let offsets = reader.array(n + 1, of: UInt32.self)
        let seenItems = reader.array(s, of: UInt32.self)
        guard let seen = SeenItems(offsets: offsets, items: seenItems, itemCount: m) else {
            throw fail("damaged: the rated-items table is inconsistent")
        }
        let count = n + 2 * m + 3 + (kind == 1 ? 1 : 0)
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count {
            guard let string = reader.string() else {
                throw fail("damaged: a string runs past the end or is not UTF-8")
            }
            strings.append(string)
        }
        guard reader.offset == bodyEnd else {
            throw fail("damaged: \(bodyEnd - reader.offset) unexpected bytes after the strings")
        }
        var userIDs = IDMap()
        for id in strings[0..<n] { _ = userIDs.intern(id) }
        var itemIDs = IDMap()
        for id in strings[n..<(n + m)] { _ = itemIDs.intern(id) }
        guard userIDs.count == n, itemIDs.count == m else {
            throw fail("damaged: repeated user or item ids")
        }
        var trained = model
        if case .embeddingNN(let network, _) = model, !strings[n + 2 * m + 3].isEmpty {
            trained = .embeddingNN(
                network, features: try Self.features(strings[n + 2 * m + 3], network: network, fail: fail))
        }
        return ModelArtifact(
            model: trained, userIDs: userIDs, itemIDs: itemIDs,
            titles: Array(strings[(n + m)..<(n + 2 * m)]), seen: seen, configJSON: strings[n + 2 * m],
            dataFingerprint: strings[n + 2 * m + 1], metadataJSON: strings[n + 2 * m + 2])
    }

    /// The dot model's factors and biases (format version 1's payload, version 2's kind 0).
    private static func dotModel(
        _ reader: inout ByteReader, users n: Int, items m: Int, dim d: Int, pairs s: Int, hasBias: Bool, offset: Float,
        range: ClosedRange<Float>?, fail: (String) -> ArtifactError
    ) throws(ArtifactError) -> MFModel {
        // Fixed-size sections must fit before any allocation.
        let fixed = 4 * (n * d + m * d + (hasBias ? n + m : 0) + n + 1 + s)
        guard fixed <= reader.end - reader.offset else {
            throw fail(
                "damaged: the header's sizes (\(n) users, \(m) items, dim \(d)) need more bytes than the file has")
        }
        guard offset.isFinite else {
            throw fail("damaged: the global offset is \(offset); a model's numbers are finite")
        }
        let userBytes = reader.take(4 * n * d)
        let itemBytes = reader.take(4 * m * d)
        let biasBytes = hasBias ? reader.take(4 * (n + m)) : UnsafeRawBufferPointer(start: nil, count: 0)
        for (section, raw, width) in [
            ("user factor", userBytes, d), ("item factor", itemBytes, d), ("bias", biasBytes, 1),
        ] {
            if let (index, value) = Self.firstNonFinite(raw) {
                let place =
                    width == 1
                    ? (index < n ? "user bias \(index)" : "item bias \(index - n)")
                    : "\(section) row \(index / width), column \(index % width)"
                throw fail("damaged: \(place) is \(value); a model's numbers are finite")
            }
        }
        let users = Factors(rows: n, columns: d, littleEndian: userBytes)
        let items = Factors(rows: m, columns: d, littleEndian: itemBytes)
        var userBias: [Float]?
        var itemBias: [Float]?
        if hasBias {
            var biasReader = ByteReader(bytes: biasBytes, offset: 0)
            userBias = biasReader.array(n, of: Float.self)
            itemBias = biasReader.array(m, of: Float.self)
        }
        return MFModel(
            users: users, items: items, userBias: userBias, itemBias: itemBias, offset: offset, outputRange: range)
    }
}

extension ModelArtifact {
    /// The index and value of the first little-endian `Float` in `raw` that is NaN or infinite.
    static func firstNonFinite(_ raw: UnsafeRawBufferPointer) -> (Int, Float)? {
        for i in 0..<(raw.count / 4) {
            let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
            if bits & 0x7F80_0000 == 0x7F80_0000 { return (i, Float(bitPattern: bits)) }
        }
        return nil
    }
}

/// Sequential little-endian reads from a byte buffer (callers check sizes first, with
/// ``remaining``).
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int
    var end: Int

    init(bytes: UnsafeRawBufferPointer, offset: Int) {
        self.bytes = bytes
        self.offset = offset
        self.end = bytes.count
    }

    /// Bytes left before ``end``.
    var remaining: Int { end - offset }

    mutating func u32() -> UInt32 {
        precondition(offset + 4 <= end)
        defer { offset += 4 }
        return bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
    }

    mutating func take(_ count: Int) -> UnsafeRawBufferPointer {
        precondition(offset + count <= end)
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    /// `count` values of `type`, copied as they are in memory (the file's little-endian order).
    mutating func array<T: BitwiseCopyable>(_ count: Int, of type: T.Type) -> [T] {
        let raw = take(MemoryLayout<T>.stride * count)
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw) }
            initialized = count
        }
    }

    /// A u32 length and that many UTF-8 bytes; nil if it runs past the end or is not UTF-8.
    mutating func string() -> String? {
        guard offset + 4 <= end else { return nil }
        let length = Int(u32())
        guard length <= end - offset else { return nil }
        let raw = take(length)
        return String(validating: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }
}
