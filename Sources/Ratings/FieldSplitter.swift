/// One field of a delimited line: a byte range, without surrounding quotes or spaces.
struct Field {
    var start: Int
    var end: Int
    /// Whether the field was quoted and contains `""`, which stands for one `"`.
    var hasEscapedQuote: Bool
}

/// Splits lines of a byte buffer into fields on a (possibly multi-byte) delimiter. Spaces around
/// fields are dropped (unless the delimiter is a space) and a field wrapped in double quotes may
/// contain the delimiter, with `""` for a literal quote (RFC 4180, within one line).
struct FieldSplitter {
    let bytes: UnsafeRawBufferPointer
    let delimiter: [UInt8]
    /// The fields of the last line split.
    private(set) var fields: [Field] = []

    init(bytes: UnsafeRawBufferPointer, delimiter: String) {
        precondition(!delimiter.isEmpty, "delimiter must not be empty")
        self.bytes = bytes
        self.delimiter = Array(delimiter.utf8)
    }

    /// Splits `line` into ``fields``; returns a description of the problem if the quoting is bad.
    mutating func split(_ line: Range<Int>) -> String? {
        fields.removeAll(keepingCapacity: true)
        let end = line.upperBound
        let first = delimiter[0]
        let trimSpaces = first != 32
        var i = line.lowerBound
        while true {
            if trimSpaces { while i < end && bytes[i] == 32 { i += 1 } }
            if i < end && bytes[i] == 34 {
                var j = i + 1
                var escaped = false
                while true {
                    if j >= end { return "a field opens a double quote but never closes it" }
                    if bytes[j] == 34 {
                        if j + 1 < end && bytes[j + 1] == 34 {
                            escaped = true
                            j += 2
                            continue
                        }
                        break
                    }
                    j += 1
                }
                fields.append(Field(start: i + 1, end: j, hasEscapedQuote: escaped))
                i = j + 1
                if trimSpaces { while i < end && bytes[i] == 32 { i += 1 } }
                if i >= end { return nil }
                guard isDelimiter(at: i, end: end) else {
                    return "unexpected text after the closing double quote of field \(fields.count)"
                }
                i += delimiter.count
            } else {
                var j = i
                if delimiter.count == 1 {
                    while j < end && bytes[j] != first { j += 1 }
                } else {
                    while j < end && !(bytes[j] == first && isDelimiter(at: j, end: end)) { j += 1 }
                }
                var fieldEnd = j
                if trimSpaces { while fieldEnd > i && bytes[fieldEnd - 1] == 32 { fieldEnd -= 1 } }
                fields.append(Field(start: i, end: fieldEnd, hasEscapedQuote: false))
                if j >= end { return nil }
                i = j + delimiter.count
            }
        }
    }

    @inline(__always)
    private func isDelimiter(at i: Int, end: Int) -> Bool {
        if delimiter.count == 1 { return bytes[i] == delimiter[0] }
        guard i + delimiter.count <= end else { return false }
        for k in 0..<delimiter.count where bytes[i + k] != delimiter[k] { return false }
        return true
    }

    /// The text of `field` (invalid UTF-8 repaired, `""` unescaped).
    func text(_ field: Field) -> String {
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
        return field.hasEscapedQuote ? s.replacingQuotePairs() : s
    }

    /// The text of `field` shortened for an error message.
    func quoted(_ field: Field) -> String {
        let s = text(field)
        return "\"" + (s.count > 40 ? s.prefix(40) + "…" : s) + "\""
    }
}

extension String {
    /// The string with each `""` replaced by `"`.
    func replacingQuotePairs() -> String {
        var out = ""
        var previousWasQuote = false
        for scalar in unicodeScalars {
            if scalar == "\"" && previousWasQuote {
                previousWasQuote = false
                continue
            }
            previousWasQuote = scalar == "\""
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
