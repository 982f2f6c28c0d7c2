/// Hand-written number parsing over bytes, for loading tens of millions of rows quickly.
enum NumberParsing {
    /// Exact powers of ten (every one up to 1e22 is exact in a Double).
    private static let powersOfTen: [Double] = (0...22).map { (k: Int) -> Double in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// A plain decimal (`3`, `-0.5`, `3.5`, `.5`) with at most 15 digits, correctly rounded
    /// (Clinger's fast path: an exact integer divided by an exact power of ten); nil for
    /// anything else (exponents, `inf`, too many digits), which the caller parses with
    /// `Double(String)`.
    @inline(__always)
    static func plainDecimal(_ bytes: UnsafeRawBufferPointer, _ field: Field) -> Double? {
        var i = field.start
        let end = field.end
        var negative = false
        if i < end && (bytes[i] == 45 || bytes[i] == 43) {
            negative = bytes[i] == 45
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        while i < end {
            let c = bytes[i]
            if c &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(c &- 48)
                digits += 1
                if sawPoint { fractionDigits += 1 }
            } else if c == 46 && !sawPoint {
                sawPoint = true
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0 && digits <= 15 else { return nil }
        var value = Double(mantissa)
        if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
        return negative ? -value : value
    }

    /// An optionally signed decimal integer of at most 18 digits; nil for anything else.
    @inline(__always)
    static func integer(_ bytes: UnsafeRawBufferPointer, _ field: Field) -> Int64? {
        var i = field.start
        let end = field.end
        var negative = false
        if i < end && (bytes[i] == 45 || bytes[i] == 43) {
            negative = bytes[i] == 45
            i += 1
        }
        guard i < end && end - i <= 18 else { return nil }
        var value: Int64 = 0
        while i < end {
            let d = bytes[i] &- 48
            guard d < 10 else { return nil }
            value = value &* 10 &+ Int64(d)
            i += 1
        }
        return negative ? -value : value
    }

    /// A non-negative integer written canonically (no sign, no leading zero, 1–18 digits), so
    /// that its decimal string is exactly the field's text; nil otherwise.
    @inline(__always)
    static func canonicalNatural(_ bytes: UnsafeRawBufferPointer, _ field: Field) -> Int? {
        let length = field.end - field.start
        guard length > 0 && length <= 18 else { return nil }
        if length > 1 && bytes[field.start] == 48 { return nil }
        var value = 0
        for i in field.start..<field.end {
            let d = bytes[i] &- 48
            guard d < 10 else { return nil }
            value = value &* 10 &+ Int(d)
        }
        return value
    }
}
