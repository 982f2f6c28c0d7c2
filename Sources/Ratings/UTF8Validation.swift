/// Checks that bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF), so that raw ids are never repaired into U+FFFD and merged.
enum UTF8Validation {
    /// The offset of the first byte that starts an ill-formed sequence in `range` of `bytes`,
    /// or nil when the range is valid UTF-8.
    ///
    /// - Complexity: O(`range.count`); one comparison a byte for ASCII.
    @inline(__always)
    static func firstInvalidByte(_ bytes: UnsafeRawBufferPointer, in range: Range<Int>) -> Int? {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length = sequenceLength(bytes, at: i, end: end)
            guard length > 0 else { return i }
            i += length
        }
        return nil
    }

    /// The length of the well-formed multi-byte sequence starting at `i`, or 0 if it is ill-formed.
    private static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at i: Int, end: Int) -> Int {
        let lead = bytes[i]
        // The allowed range of the second byte depends on the lead (Unicode Table 3-7).
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            second = 0x80...0x9F
        case 0xF0:
            length = 4
            second = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            second = 0x80...0x8F
        default: return 0
        }
        guard i + length <= end, second.contains(bytes[i + 1]) else { return 0 }
        for k in 2..<length where !(0x80...0xBF).contains(bytes[i + k]) { return 0 }
        return length
    }
}
