import Core
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The binary layout of a ``RatingsCache`` file:
///
/// ```
/// "MFRCACHE" · UInt32 version · UInt32 header length · header (JSON) · padding to 8
/// then 8 sections, each UInt64 byte count · bytes · padding to 8:
///   users (Int32) · items (Int32) · ratings (Float) · timestamps (Int64)
///   user id text (UTF-8) · user id ends (UInt32) · item id text · item id ends
/// ```
///
/// Numbers are little-endian (the cache is a file of this machine, not an exchange format).
/// The header's checksum covers every section's bytes.
enum CacheFile {
    static let magic = Array("MFRCACHE".utf8)
    static let version: UInt32 = 1

    /// The JSON header.
    struct Header: Codable {
        var source: SourceStamp
        var format: String
        var duplicates: String
        var count: Int
        var users: Int
        var items: Int
        var fingerprint: String
        /// ``Checksum64`` of the sections, in hex.
        var checksum: String
    }

    /// A table read back, with its fingerprint.
    struct Stored {
        var table: RatingsTable
        var fingerprint: String
    }

    /// Why a cache file cannot be used.
    struct Problem: Error {
        var reason: String
    }

    // MARK: Writing

    /// Writes `table` to `path` atomically.
    static func write(
        _ table: RatingsTable, to path: String, source: SourceStamp, format: String, duplicates: DuplicatePolicy,
        fingerprint: String
    ) throws {
        let userText = IDText(table.userIDs.rawIDs)
        let itemText = IDText(table.itemIDs.rawIDs)
        try withSections(table, userText, itemText) { sections in
            let header = Header(
                source: source, format: format, duplicates: duplicates.name, count: table.count,
                users: table.userCount, items: table.itemCount, fingerprint: fingerprint,
                checksum: String(Checksum64.of(sections), radix: 16))
            let json = try JSONEncoder().encode(header)
            var prefix = magic
            withUnsafeBytes(of: version.littleEndian) { prefix += $0 }
            withUnsafeBytes(of: UInt32(json.count).littleEndian) { prefix += $0 }
            prefix += json
            prefix += [UInt8](repeating: 0, count: padding(prefix.count))
            try AtomicFile.write(to: path) { emit in
                try prefix.withUnsafeBytes { try emit($0) }
                let zeros = [UInt8](repeating: 0, count: 8)
                for section in sections {
                    try withUnsafeBytes(of: UInt64(section.count).littleEndian) { try emit($0) }
                    // In pieces: a write of more than 2 GiB may be cut short.
                    var offset = 0
                    while offset < section.count {
                        let piece = min(section.count - offset, 1 << 28)
                        try emit(UnsafeRawBufferPointer(rebasing: section[offset..<(offset + piece)]))
                        offset += piece
                    }
                    try zeros.withUnsafeBytes {
                        try emit(UnsafeRawBufferPointer(rebasing: $0[..<padding(section.count)]))
                    }
                }
            }
        }
    }

    /// Calls `body` with the bytes of the 8 sections.
    private static func withSections<R>(
        _ table: RatingsTable, _ userText: IDText, _ itemText: IDText,
        _ body: ([UnsafeRawBufferPointer]) throws -> R
    ) rethrows -> R {
        try table.users.withUnsafeBytes { users in
            try table.items.withUnsafeBytes { items in
                try table.ratings.withUnsafeBytes { ratings in
                    try table.timestamps.withUnsafeBytes { timestamps in
                        try userText.bytes.withUnsafeBytes { userBytes in
                            try userText.ends.withUnsafeBytes { userEnds in
                                try itemText.bytes.withUnsafeBytes { itemBytes in
                                    try itemText.ends.withUnsafeBytes { itemEnds in
                                        try body([
                                            users, items, ratings, timestamps, userBytes, userEnds, itemBytes, itemEnds,
                                        ])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Bytes of padding after `count` bytes to reach a multiple of 8.
    static func padding(_ count: Int) -> Int { (8 - count % 8) % 8 }

    // MARK: Reading

    /// The table in `path` if its header matches `source`, `format` and `duplicates` and its
    /// sections match the checksum; otherwise why not.
    static func read(_ path: String, source: SourceStamp, format: String, duplicates: DuplicatePolicy)
        -> Result<Stored, Problem>
    {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(Problem(reason: "cannot open it")) }
        defer { close(fd) }
        var reader = SectionReader(fd: fd)
        do {
            guard try reader.bytes(8) == magic else { throw Problem(reason: "it is not a cache file") }
            guard try reader.scalar(UInt32.self) == version else {
                throw Problem(reason: "it was written by another version")
            }
            let length = Int(try reader.scalar(UInt32.self))
            guard length <= 1 << 20 else { throw Problem(reason: "its header is damaged") }
            let json = try reader.bytes(length)
            reader.skip(padding(16 + length))
            guard let header = try? JSONDecoder().decode(Header.self, from: Data(json)) else {
                throw Problem(reason: "its header is damaged")
            }
            guard header.source == source else { throw Problem(reason: "the ratings file changed") }
            guard header.format == format, header.duplicates == duplicates.name else {
                throw Problem(reason: "it was read with other options")
            }
            let n = header.count
            let users: [Int32] = try reader.section(count: n)
            let items: [Int32] = try reader.section(count: n)
            let ratings: [Float] = try reader.section(count: n)
            let timestamps: [Int64] = try reader.section(count: n)
            let userBytes: [UInt8] = try reader.section(count: nil)
            let userEnds: [UInt32] = try reader.section(count: header.users)
            let itemBytes: [UInt8] = try reader.section(count: nil)
            let itemEnds: [UInt32] = try reader.section(count: header.items)
            let userText = IDText(bytes: userBytes, ends: userEnds)
            let itemText = IDText(bytes: itemBytes, ends: itemEnds)
            let sum = withSections(
                RatingsTable(
                    users: users, items: items, ratings: ratings, timestamps: timestamps, userIDs: IDMap(),
                    itemIDs: IDMap()), userText, itemText
            ) { Checksum64.of($0) }
            guard String(sum, radix: 16) == header.checksum else {
                throw Problem(reason: "its checksum does not match (the file is damaged)")
            }
            guard let userIDs = userText.ids(), let itemIDs = itemText.ids(),
                inRange(users, header.users), inRange(items, header.items)
            else { throw Problem(reason: "its ids are damaged") }
            let table = RatingsTable(
                users: users, items: items, ratings: ratings, timestamps: timestamps,
                userIDs: IDMap(rawIDs: userIDs), itemIDs: IDMap(rawIDs: itemIDs))
            return .success(Stored(table: table, fingerprint: header.fingerprint))
        } catch let problem as Problem {
            return .failure(problem)
        } catch {
            return .failure(Problem(reason: "it cannot be read"))
        }
    }

    /// Whether every index is in `0..<count`.
    private static func inRange(_ indices: [Int32], _ count: Int) -> Bool {
        indices.withUnsafeBufferPointer { p in
            var bad = false
            for x in p { bad = bad || x < 0 || Int(x) >= count }
            return !bad
        }
    }
}

/// Sequential reads of a cache file's fields and sections.
private struct SectionReader {
    let fd: Int32
    var offset = 0

    mutating func skip(_ count: Int) { offset += count }

    /// Fills `buffer` from the current offset; throws at the end of the file.
    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw CacheFile.Problem(reason: "it is truncated") }
            done += n
        }
        offset += buffer.count
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        try out.withUnsafeMutableBytes { try fill($0) }
        return out
    }

    mutating func scalar<T: FixedWidthInteger>(_: T.Type) throws -> T {
        var value = T.zero
        try withUnsafeMutableBytes(of: &value) { try fill($0) }
        return T(littleEndian: value)
    }

    /// A section of `count` elements (any count when nil), read straight into the array.
    mutating func section<T: BitwiseCopyable>(count: Int?) throws -> [T] {
        let bytes = Int(try scalar(UInt64.self))
        let stride = MemoryLayout<T>.stride
        guard bytes % stride == 0, bytes / stride == count ?? bytes / stride, bytes <= 1 << 40 else {
            throw CacheFile.Problem(reason: "its sections are damaged")
        }
        let elements = bytes / stride
        var failure: (any Error)?
        let array = [T](unsafeUninitializedCapacity: elements) { buffer, initialized in
            do {
                try fill(UnsafeMutableRawBufferPointer(buffer))
                initialized = elements
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        skip(CacheFile.padding(bytes))
        return array
    }
}

/// Raw ids as one UTF-8 text and the end offset of each id.
struct IDText {
    var bytes: [UInt8]
    var ends: [UInt32]

    init(_ ids: [String]) {
        bytes = []
        ends = []
        ends.reserveCapacity(ids.count)
        for id in ids {
            bytes += id.utf8
            ends.append(UInt32(truncatingIfNeeded: bytes.count))
        }
    }

    init(bytes: [UInt8], ends: [UInt32]) {
        self.bytes = bytes
        self.ends = ends
    }

    /// The ids, or nil when the ends are not ascending within the text.
    func ids() -> [String]? {
        var out: [String] = []
        out.reserveCapacity(ends.count)
        var start = 0
        for end in ends {
            let e = Int(end)
            guard e >= start, e <= bytes.count else { return nil }
            out.append(String(decoding: bytes[start..<e], as: UTF8.self))
            start = e
        }
        return out
    }
}
