/// Builds an ``IDMap`` from id fields without making a `String` per row: canonical numeric ids
/// (the usual case) are looked up by value, and a string is made only for a new id.
struct RawIDInterner {
    /// The ids seen so far.
    private(set) var map = IDMap()
    /// Dense index + 1 by numeric id, for small ids; 0 means not seen yet.
    private var small: [Int32] = []
    /// Dense index by numeric id, for large ids.
    private var large: [Int: Int32] = [:]
    private static let smallLimit = 1 << 22

    /// The dense index of the id in `field`, adding it if new.
    @inline(__always)
    mutating func intern(_ splitter: FieldSplitter, _ field: Field) -> Int32 {
        guard !field.hasEscapedQuote, let n = NumberParsing.canonicalNatural(splitter.bytes, field) else {
            return map.intern(splitter.text(field))
        }
        return intern(number: n)
    }

    /// The dense index of the canonical numeric id `n` (its text is `String(n)`), adding it if new.
    @inline(__always)
    mutating func intern(number n: Int) -> Int32 {
        if n < Self.smallLimit {
            if n >= small.count {
                let newCount = min(Self.smallLimit, max(n + 1, small.count * 2, 1024))
                small.append(contentsOf: repeatElement(0, count: newCount - small.count))
            }
            let known = small[n]
            if known > 0 { return known - 1 }
            let index = map.intern(String(n))
            small[n] = index + 1
            return index
        }
        if let known = large[n] { return known }
        let index = map.intern(String(n))
        large[n] = index
        return index
    }
}
