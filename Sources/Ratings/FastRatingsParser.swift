#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The loader's fast path: plain numeric rows (`196\t242\t3\t881250949`, `1,296,5.0,1147880044`),
/// parsed in chunks on every core.
///
/// It takes only what it can read exactly as ``DelimitedRatingsParser`` would: user and item
/// ids that are canonical natural numbers below 2³¹, ratings in ``NumberParsing/plainDecimal(_:_:)``'s
/// grammar, integer timestamps, the expected number of fields, no quotes, no spaces in the
/// columns it reads, and lines ended by `\n` or `\r\n`, with empty lines skipped. On anything
/// else (a bad row, a text id, a quoted field) it gives up, and the general parser reads the
/// whole file again, with its line-numbered messages. So the table is the same either way:
/// ids are numbered in order of first appearance, and values are parsed by the same code.
///
/// Two passes over the bytes: one counts each chunk's lines, so every chunk writes its rows
/// straight into the final columns (no second copy of the table); the other parses. Ids are
/// then numbered in row order on one thread.
struct FastRatingsParser {
    let bytes: UnsafeRawBufferPointer
    /// The first byte of the data rows.
    let start: Int
    /// The delimiter: one byte, or `::`.
    let delimiter: [UInt8]
    let columns: DelimitedRatingsParser.Columns
    /// Fields per row; 0 to take the first row's count (at least ``DelimitedRatingsParser/Columns/needed``).
    let expectedFields: Int

    /// Bytes per chunk: enough that a chunk's set-up is negligible, small enough to balance.
    var chunkBytes = 8 << 20

    /// The table, or nil when some row is not plain (the caller then parses in general).
    func parse() -> RatingsTable? {
        guard bytes.count > start, let base = bytes.baseAddress,
            delimiter.count == 1 || delimiter == [58, 58], ![10, 13, 34, 32].contains(delimiter[0])
        else { return nil }
        let fields = expectedFields > 0 ? expectedFields : firstRowFieldCount()
        guard fields >= columns.needed else { return nil }

        // Chunks end just after a newline (or at the end of the file).
        var bounds = [start]
        var next = start + chunkBytes
        while next < bytes.count {
            guard let newline = memchr(base + next, 10, bytes.count - next) else { break }
            let end = base.distance(to: UnsafeRawPointer(newline)) + 1
            if end >= bytes.count { break }
            bounds.append(end)
            next = end + chunkBytes
        }
        bounds.append(bytes.count)
        let chunks = bounds.count - 1
        var lineCounts = [Int](repeating: 0, count: chunks)
        // Read-only while the chunks run.
        nonisolated(unsafe) let source = UnsafeRawPointer(base)
        lineCounts.withUnsafeMutableBufferPointer { counts in
            let out = SharedPointer(base: counts.baseAddress!)
            let chunkBounds = bounds
            ParallelChunks.run(chunks) { c in
                out.base[c] = Self.lineCount(source, chunkBounds[c], chunkBounds[c + 1])
            }
        }
        var firstRow = [Int](repeating: 0, count: chunks + 1)
        for c in 0..<chunks { firstRow[c + 1] = firstRow[c] + lineCounts[c] }
        let capacity = firstRow[chunks]

        var users = [Int32](repeating: 0, count: capacity)
        var items = [Int32](repeating: 0, count: capacity)
        var ratings = [Float](repeating: 0, count: capacity)
        var timestamps = [Int64](repeating: 0, count: capacity)
        var rowCounts = [Int](repeating: -1, count: chunks)
        let columns = columns
        let delimiter = delimiter
        nonisolated(unsafe) let bytes = bytes
        let chunkBounds = bounds
        let rowStarts = firstRow
        users.withUnsafeMutableBufferPointer { u in
            items.withUnsafeMutableBufferPointer { i in
                ratings.withUnsafeMutableBufferPointer { r in
                    timestamps.withUnsafeMutableBufferPointer { t in
                        rowCounts.withUnsafeMutableBufferPointer { counts in
                            let out = Columns(
                                users: SharedPointer(base: u.baseAddress!), items: SharedPointer(base: i.baseAddress!),
                                ratings: SharedPointer(base: r.baseAddress!),
                                timestamps: SharedPointer(base: t.baseAddress!))
                            let rows = SharedPointer(base: counts.baseAddress!)
                            ParallelChunks.run(chunks) { c in
                                let reader = ChunkReader(
                                    bytes: bytes, delimiter: delimiter, columns: columns, fields: fields)
                                rows.base[c] = reader.parse(
                                    chunkBounds[c]..<chunkBounds[c + 1], into: out, at: rowStarts[c])
                            }
                        }
                    }
                }
            }
        }
        guard rowCounts.allSatisfy({ $0 >= 0 }) else { return nil }

        // Close the gaps left by empty lines.
        var count = rowCounts[0]
        for c in 1..<max(chunks, 1) where rowCounts[c] > 0 {
            if firstRow[c] != count {
                let range = firstRow[c]..<(firstRow[c] + rowCounts[c])
                users.replaceSubrange(count..<(count + rowCounts[c]), with: users[range])
                items.replaceSubrange(count..<(count + rowCounts[c]), with: items[range])
                ratings.replaceSubrange(count..<(count + rowCounts[c]), with: ratings[range])
                timestamps.replaceSubrange(count..<(count + rowCounts[c]), with: timestamps[range])
            }
            count += rowCounts[c]
        }
        guard count > 0 else { return nil }
        if count < capacity {
            users.removeLast(capacity - count)
            items.removeLast(capacity - count)
            ratings.removeLast(capacity - count)
            timestamps.removeLast(capacity - count)
        }

        // Dense ids in order of first appearance, as the general parser assigns them.
        var userIDs = RawIDInterner()
        var itemIDs = RawIDInterner()
        users.withUnsafeMutableBufferPointer { u in
            for k in u.indices { u[k] = userIDs.intern(number: Int(u[k])) }
        }
        items.withUnsafeMutableBufferPointer { i in
            for k in i.indices { i[k] = itemIDs.intern(number: Int(i[k])) }
        }
        return RatingsTable(
            users: users, items: items, ratings: ratings, timestamps: timestamps, userIDs: userIDs.map,
            itemIDs: itemIDs.map)
    }

    /// The number of fields of the first non-empty data line, counting delimiters; 0 when it
    /// has a quote or there is none.
    private func firstRowFieldCount() -> Int {
        var i = start
        while i < bytes.count && (bytes[i] == 10 || bytes[i] == 13) { i += 1 }
        var fields = 1
        while i < bytes.count && bytes[i] != 10 {
            if bytes[i] == 34 { return 0 }
            if bytes[i] == delimiter[0] && (delimiter.count == 1 || (i + 1 < bytes.count && bytes[i + 1] == 58)) {
                fields += 1
                i += delimiter.count
            } else {
                i += 1
            }
        }
        return fields
    }

    /// Newlines in `lo..<hi`, plus one for a last line without one.
    private static func lineCount(_ base: UnsafeRawPointer, _ lo: Int, _ hi: Int) -> Int {
        var count = 0
        var i = lo
        while i < hi, let hit = memchr(base + i, 10, hi - i) {
            count += 1
            i = base.distance(to: UnsafeRawPointer(hit)) + 1
        }
        return count + (i < hi ? 1 : 0)
    }

    /// The four output columns, shared by the chunks, which write disjoint rows.
    struct Columns: Sendable {
        let users: SharedPointer<Int32>
        let items: SharedPointer<Int32>
        let ratings: SharedPointer<Float>
        let timestamps: SharedPointer<Int64>
    }
}

/// Parses the rows of one chunk.
private struct ChunkReader {
    let bytes: UnsafeRawBufferPointer
    let delimiter: [UInt8]
    let columns: DelimitedRatingsParser.Columns
    let fields: Int

    /// Parses the lines of `range` into rows `first...` of `out` (raw numeric ids in the id
    /// columns); returns the number of rows, or −1 at the first line that is not plain.
    func parse(_ range: Range<Int>, into out: FastRatingsParser.Columns, at first: Int) -> Int {
        let d0 = delimiter[0]
        let double = delimiter.count == 2
        let end = range.upperBound
        var row = first
        var i = range.lowerBound
        while i < end {
            // An empty line (`\n` or `\r\n`) is skipped, as the general parser skips it.
            if bytes[i] == 10 {
                i += 1
                continue
            }
            if bytes[i] == 13 && i + 1 < end && bytes[i + 1] == 10 {
                i += 2
                continue
            }
            var user = -1
            var item = -1
            var rating: Double?
            var timestamp: Int64 = 0
            for f in 0..<fields {
                let fieldStart = i
                while i < end {
                    let c = bytes[i]
                    if c == d0 || c == 10 || c == 13 || c == 34 { break }
                    i += 1
                }
                let field = Field(start: fieldStart, end: i, hasEscapedQuote: false)
                if f == columns.user {
                    guard let n = NumberParsing.canonicalNatural(bytes, field), n <= Int(Int32.max) else { return -1 }
                    user = n
                } else if f == columns.item {
                    guard let n = NumberParsing.canonicalNatural(bytes, field), n <= Int(Int32.max) else { return -1 }
                    item = n
                } else if f == columns.rating {
                    rating = NumberParsing.plainDecimal(bytes, field)
                    if rating == nil { return -1 }
                } else if f == columns.timestamp {
                    guard let t = NumberParsing.integer(bytes, field) else { return -1 }
                    timestamp = t
                }
                let last = f == fields - 1
                if i >= end {
                    guard last else { return -1 }
                } else if bytes[i] == 10 {
                    guard last else { return -1 }
                    i += 1
                } else if bytes[i] == 13 {
                    guard last, i + 1 < end, bytes[i + 1] == 10 else { return -1 }
                    i += 2
                } else if bytes[i] == d0 {
                    guard !last else { return -1 }
                    if double {
                        guard i + 1 < end, bytes[i + 1] == 58 else { return -1 }
                        i += 2
                    } else {
                        i += 1
                    }
                } else {
                    return -1  // a quote
                }
            }
            guard let rating, user >= 0, item >= 0 else { return -1 }
            out.users.base[row] = Int32(user)
            out.items.base[row] = Int32(item)
            out.ratings.base[row] = Float(rating)
            out.timestamps.base[row] = timestamp
            row += 1
        }
        return row - first
    }
}
