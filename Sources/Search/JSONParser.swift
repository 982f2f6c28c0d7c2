/// A strict JSON (RFC 8259) parser that keeps positions: every node and object key carries its
/// line and column, numbers keep their token text, and duplicate keys are an error.
///
/// `JSONDecoder` cannot tell `1` from `1.0` and on Linux gives no position for syntax errors;
/// sweep files need both. A UTF-8 byte-order mark at the start is skipped.
public enum JSONParser {
    /// Objects and arrays may nest this deep.
    public static let maximumDepth = 256

    /// Parses one JSON value from UTF-8 `bytes` (surrounding whitespace allowed).
    ///
    /// - Throws: ``JSONSyntaxError`` at the first problem.
    /// - Complexity: O(n) in the length of `bytes`.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        var cursor = Cursor(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { cursor.index = 3 }
        cursor.skipWhitespace()
        let root = try cursor.value(depth: 0)
        cursor.skipWhitespace()
        if !cursor.atEnd {
            throw cursor.error("expected the end of the file after the JSON value, got \(cursor.found())")
        }
        return root
    }
}

private struct Cursor {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var column = 1

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    var position: JSONPosition { JSONPosition(line: line, column: column) }

    mutating func advance() {
        let b = bytes[index]
        index += 1
        if b == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {  // not a UTF-8 continuation byte
            column += 1
        }
    }

    mutating func skipWhitespace() {
        while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { advance() }
    }

    func error(_ message: String, at position: JSONPosition? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message, at: position ?? self.position)
    }

    /// What is at the cursor, for messages: `'}'`, `'True'`, `the end of the file`.
    func found() -> String {
        guard let b = peek else { return "the end of the file" }
        if isWordByte(b) {
            var end = index
            while end < bytes.count, end - index < 20, isWordByte(bytes[end]) { end += 1 }
            return "'" + String(decoding: bytes[index..<end], as: UTF8.self) + "'"
        }
        if b == UInt8(ascii: "'") { return "''' (JSON strings use double quotes)" }
        if b == 0x0A || b == 0x0D { return "the end of the line" }
        if b >= 0x21 && b < 0x7F { return "'" + String(UnicodeScalar(b)) + "'" }
        if b >= 0xC0 {
            var end = index + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return "'" + String(decoding: bytes[index..<end], as: UTF8.self) + "'"
        }
        return "the byte 0x" + String(b, radix: 16, uppercase: true)
    }

    private func isWordByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
    }

    mutating func value(depth: Int, after context: String? = nil) throws(JSONSyntaxError) -> JSONNode {
        let start = position
        guard let b = peek else {
            throw error("expected a value\(context.map { " " + $0 } ?? ""), got the end of the file")
        }
        switch b {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return JSONNode(.string(try string()), at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default:
            for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)]
            where matches(word) {
                for _ in word.utf8 { advance() }
                return JSONNode(value, at: start)
            }
            var message = "expected a value\(context.map { " " + $0 } ?? ""), got \(found())"
            if context == "after ','", b == UInt8(ascii: "]") || b == UInt8(ascii: "}") {
                message += " (trailing commas are not allowed)"
            }
            throw error(message)
        }
    }

    private func matches(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else { return false }
        return index + w.count == bytes.count || !isWordByte(bytes[index + w.count])
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        let start = position
        if depth > JSONParser.maximumDepth {
            throw error("objects and arrays nest deeper than \(JSONParser.maximumDepth) levels")
        }
        advance()  // {
        var members: [JSONMember] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            advance()
            return JSONNode(.object([]), at: start)
        }
        while true {
            let keyPosition = position
            guard peek == UInt8(ascii: "\"") else {
                if members.isEmpty {
                    throw error("expected a key in double quotes or '}', got \(found())")
                }
                var message = "expected a key in double quotes after ',', got \(found())"
                if peek == UInt8(ascii: "}") { message += " (trailing commas are not allowed)" }
                throw error(message)
            }
            let key = try string()
            if let first = members.first(where: { $0.key == key }) {
                throw error("duplicate key \"\(key)\" (first at \(first.keyPosition))", at: keyPosition)
            }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \"\(key)\", got \(found())")
            }
            advance()
            skipWhitespace()
            let value = try value(depth: depth, after: "for \"\(key)\"")
            members.append(JSONMember(key: key, keyPosition: keyPosition, value: value))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                advance()
                skipWhitespace()
            case UInt8(ascii: "}"):
                advance()
                return JSONNode(.object(members), at: start)
            default:
                throw error("expected ',' or '}' after the value of \"\(key)\", got \(found())")
            }
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        let start = position
        if depth > JSONParser.maximumDepth {
            throw error("objects and arrays nest deeper than \(JSONParser.maximumDepth) levels")
        }
        advance()  // [
        var elements: [JSONNode] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            advance()
            return JSONNode(.array([]), at: start)
        }
        while true {
            elements.append(try value(depth: depth, after: elements.isEmpty ? nil : "after ','"))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                advance()
                skipWhitespace()
            case UInt8(ascii: "]"):
                advance()
                return JSONNode(.array(elements), at: start)
            default:
                throw error("expected ',' or ']' after an array element, got \(found())")
            }
        }
    }

    /// A string starting at the opening quote; returns its text with escapes resolved.
    mutating func string() throws(JSONSyntaxError) -> String {
        let start = position
        advance()  // "
        var out: [UInt8] = []
        while true {
            guard let b = peek, b != 0x0A, b != 0x0D else {
                throw error("unterminated string: no closing '\"' before the end of the line", at: start)
            }
            switch b {
            case UInt8(ascii: "\""):
                advance()
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &out)
            case 0..<0x20:
                throw error(
                    "control character U+00\(b < 16 ? "0" : "")\(String(b, radix: 16, uppercase: true)) in a string; "
                        + "write it as an escape such as \\t")
            default:
                out.append(b)
                advance()
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(JSONSyntaxError) {
        let start = position
        advance()  // backslash
        guard let c = peek else { throw error("unterminated string: no closing '\"' before the end of the file") }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let s = simple[c] {
            out.append(s)
            advance()
            return
        }
        guard c == UInt8(ascii: "u") else {
            let shown = c >= 0x21 && c < 0x7F ? String(UnicodeScalar(c)) : "…"
            throw error(
                "invalid escape '\\\(shown)'; accepted: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
                at: start)
        }
        advance()
        var code = try hex4()
        if (0xD800...0xDBFF).contains(code) {
            guard peek == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("a \\u escape of a high surrogate must be followed by a low surrogate", at: start)
            }
            advance()
            advance()
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error("a \\u escape of a high surrogate must be followed by a low surrogate", at: start)
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(code) {
            throw error("a \\u escape of a low surrogate must follow a high surrogate", at: start)
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape", at: start) }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let b = peek, let digit = hexValue(b) else {
                throw error("expected 4 hex digits after \\u, got \(found())")
            }
            code = code << 4 | digit
            advance()
        }
        return code
    }

    private func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A number token: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func number() throws(JSONSyntaxError) -> JSONNode {
        let start = position
        let first = index
        func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if peek == UInt8(ascii: "-") {
            advance()
            guard isDigit(peek) else { throw error("expected a digit after '-', got \(found())") }
        }
        if peek == UInt8(ascii: "0") {
            advance()
            if isDigit(peek) { throw error("numbers cannot start with 0 (leading zeros are not allowed)", at: start) }
        } else {
            while isDigit(peek) { advance() }
        }
        if peek == UInt8(ascii: ".") {
            advance()
            guard isDigit(peek) else { throw error("expected a digit after '.', got \(found())") }
            while isDigit(peek) { advance() }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            advance()
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { advance() }
            guard isDigit(peek) else { throw error("expected a digit in the exponent, got \(found())") }
            while isDigit(peek) { advance() }
        }
        return JSONNode(.number(String(decoding: bytes[first..<index], as: UTF8.self)), at: start)
    }
}
