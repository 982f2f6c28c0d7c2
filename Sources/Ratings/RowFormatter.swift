/// Many short strings stored back to back as UTF-8 in one allocation, so that copying one out
/// costs a short byte loop and no reference counting.
final class FlatStrings {
    /// The UTF-8 bytes of every string, in order.
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    /// String `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
    private let offsets: UnsafeMutableBufferPointer<Int>
    /// The length in bytes of the longest string.
    let maxLength: Int

    init(_ strings: [String]) {
        let total = strings.reduce(0) { $0 + $1.utf8.count }
        bytes = .allocate(capacity: max(total, 1))
        offsets = .allocate(capacity: strings.count + 1)
        var position = 0
        var longest = 0
        offsets[0] = 0
        for (i, string) in strings.enumerated() {
            for byte in string.utf8 {
                bytes[position] = byte
                position += 1
            }
            offsets[i + 1] = position
            longest = max(longest, position - offsets[i])
        }
        maxLength = longest
    }

    deinit {
        bytes.deallocate()
        offsets.deallocate()
    }

    /// Copies string `i` to `out` and returns how many bytes were written.
    @inline(__always)
    func copy(_ i: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let start = offsets[i]
        let count = offsets[i + 1] - start
        for k in 0..<count { out[k] = bytes[start + k] }
        return count
    }
}

/// Writes ratings rows as text, `user SEP item SEP rating SEP timestamp \n`, into byte chunks:
/// raw ids as given (already escaped if needed), the rating as Swift prints a `Float` (`3.0`,
/// `3.5`) and the timestamp in decimal. Used by the CSV writer and the fingerprint, which must
/// both handle tens of millions of rows quickly.
struct RowFormatter {
    let users: FlatStrings
    let items: FlatStrings
    let separator: UInt8

    /// The text of ratings 0, 0.5, …, 10 (index = 2 · rating), the common case.
    private static let halfSteps: [String] = (0...20).map { "\(Float($0) / 2)" }

    /// A formatter whose rows refer to users and items by index into these id texts.
    init(users: [String], items: [String], separator: UInt8) {
        self.users = FlatStrings(users)
        self.items = FlatStrings(items)
        self.separator = separator
    }

    /// One row's values: user and item indices into the id texts, rating and timestamp.
    typealias Row = (user: Int32, item: Int32, rating: Float, timestamp: Int64)

    /// Formats the rows of `table` in order (its id maps must match the id texts), passing
    /// chunks of about `chunkSize` bytes to `emit`.
    func format(
        _ table: RatingsTable, chunkSize: Int = 1 << 16, emit: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        try format(
            count: table.count, chunkSize: chunkSize,
            row: { i in
                (table.users[i], table.items[i], table.ratings[i], table.timestamps[i])
            }, emit: emit)
    }

    /// Formats `count` rows given by `row(0)`, `row(1)`, …, passing chunks of about `chunkSize`
    /// bytes to `emit`.
    func format(
        count: Int, chunkSize: Int = 1 << 16, row: (Int) -> Row, emit: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        let halfSteps = FlatStrings(Self.halfSteps)
        // A row is at most both ids, a rating (≤ 16 bytes), a timestamp (≤ 20) and 4 separators.
        let capacity = chunkSize + users.maxLength + items.maxLength + 64
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { out.deallocate() }
        var n = 0
        for i in 0..<count {
            let (user, item, rating, timestamp) = row(i)
            n += users.copy(Int(user), to: out + n)
            out[n] = separator
            n += 1
            n += items.copy(Int(item), to: out + n)
            out[n] = separator
            n += 1
            let twice = rating * 2
            if twice >= 0 && twice <= 20 && twice == twice.rounded(.towardZero) {
                n += halfSteps.copy(Int(twice), to: out + n)
            } else {
                for byte in "\(rating)".utf8 {
                    out[n] = byte
                    n += 1
                }
            }
            out[n] = separator
            n += 1
            n += Self.writeDecimal(timestamp, to: out + n)
            out[n] = 10
            n += 1
            if n >= chunkSize {
                try emit(UnsafeBufferPointer(start: out, count: n))
                n = 0
            }
        }
        if n > 0 { try emit(UnsafeBufferPointer(start: out, count: n)) }
    }

    /// Writes the decimal digits of `value` (with a leading `-` if negative); returns the count.
    @inline(__always)
    static func writeDecimal(_ value: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        if value < 0 {
            out[0] = 45
            n = 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        for k in stride(from: n + digits - 1, through: n, by: -1) {
            out[k] = UInt8(48 + magnitude % 10)
            magnitude /= 10
        }
        return n + digits
    }
}
