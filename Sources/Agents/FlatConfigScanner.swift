import Core

/// Reads a flat JSON object of parameter values as `JSONDecoder` would decode it into
/// `[String: ParameterValue]`, or gives nil for anything outside the simple shape it knows:
/// then the caller decodes with `JSONDecoder`.
///
/// Known: keys and strings without escapes; `true`, `false`; integers that fit `Int`;
/// decimals with a fraction that is not zero and no exponent (a decimal such as `2.0` is an
/// integer to `JSONDecoder`); lists of those. Duplicate keys, `null`, nested objects,
/// exponents and escapes are left to `JSONDecoder`.
struct FlatConfigScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The object, or nil when the text is not of the known shape.
    mutating func object() -> [String: ParameterValue]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var out: [String: ParameterValue] = [:]
        if take(UInt8(ascii: "}")) { return end() ? out : nil }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")), let v = value(), out[key] == nil else { return nil }
            out[key] = v
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), end() else { return nil }
        return out
    }

    private mutating func value() -> ParameterValue? {
        skipSpace()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
        case UInt8(ascii: "["):
            i += 1
            var items: [ParameterValue] = []
            if take(UInt8(ascii: "]")) { return .list(items) }
            repeat {
                guard let v = value() else { return nil }
                items.append(v)
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? .list(items) : nil
        default: return number()
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, as `JSONDecoder` reads it.
    private mutating func number() -> ParameterValue? {
        let start = i
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") { i += 1 }
        let digitsStart = i
        while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        let intDigits = i - digitsStart
        guard intDigits > 0, intDigits == 1 || bytes[digitsStart] != UInt8(ascii: "0") else { return nil }
        var fractionNonZero = false
        var hasFraction = false
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            hasFraction = true
            let fractionStart = i
            while i < bytes.count && isDigit(bytes[i]) {
                if bytes[i] != UInt8(ascii: "0") { fractionNonZero = true }
                i += 1
            }
            guard i > fractionStart else { return nil }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if !hasFraction {
            // An integer too big for Int is a Double to JSONDecoder; leave that to it.
            return Int(text).map { .int($0) }
        }
        // A zero fraction (2.0) decodes as an integer; a non-zero one can still round to an
        // integral double (a long fraction); both are left to JSONDecoder.
        guard fractionNonZero, let d = Double(text), d.isFinite, d != d.rounded() else { return nil }
        return .double(d)
    }

    /// A string without escapes or control characters.
    private mutating func string() -> String? {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        let start = i
        while i < bytes.count && bytes[i] != UInt8(ascii: "\"") {
            guard bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 else { return nil }
            i += 1
        }
        guard i < bytes.count else { return nil }
        let s = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        i += 1
        return s
    }

    private mutating func word(_ w: StaticString) -> Bool {
        let n = w.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        for k in 0..<n where bytes[i + k] != w.utf8Start[k] { return false }
        i += n
        return true
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    private mutating func end() -> Bool {
        skipSpace()
        return i == bytes.count
    }

    private mutating func skipSpace() {
        while i < bytes.count,
            bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\n") || bytes[i] == UInt8(ascii: "\t")
                || bytes[i] == UInt8(ascii: "\r")
        {
            i += 1
        }
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
