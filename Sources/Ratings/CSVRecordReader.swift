/// Reads delimited records from text, optionally with RFC 4180 quoting: a field wrapped in
/// double quotes may hold the delimiter and line breaks, and `""` inside it is one `"`.
/// `\r\n` and `\n` end records; blank lines are skipped.
struct CSVRecordReader {
    private let scalars: [Unicode.Scalar]
    private let delimiter: Unicode.Scalar
    private let quoting: Bool
    private let path: String
    private var position = 0
    private var line = 1

    /// A reader over `text`.
    init(text: String, delimiter: Unicode.Scalar, quoting: Bool, path: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
        self.delimiter = delimiter
        self.quoting = quoting
        self.path = path
    }

    /// The first line that is not blank, without reading past it.
    func firstNonBlankLine() -> String? {
        var current = String.UnicodeScalarView()
        for scalar in scalars {
            if scalar == "\n" {
                if current.contains(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) { return String(current) }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        return current.isEmpty ? nil : String(current)
    }

    /// The next non-blank record with the 1-based line it starts on, or nil at the end.
    mutating func next() throws -> (line: Int, fields: [String])? {
        while position < scalars.count {
            let startLine = line
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var blank = true
            recordLoop: while true {
                guard position < scalars.count else {
                    fields.append(String(field))
                    break
                }
                let scalar = scalars[position]
                position += 1
                switch scalar {
                case "\n":
                    line += 1
                    if field.last == "\r" { field.removeLast() }
                    fields.append(String(field))
                    break recordLoop
                case delimiter:
                    blank = false
                    fields.append(String(field))
                    field = String.UnicodeScalarView()
                case "\"" where quoting && field.allSatisfy({ $0 == " " }):
                    blank = false
                    field = String.UnicodeScalarView()
                    let quoteLine = line
                    while true {
                        guard position < scalars.count else {
                            throw RatingsError(
                                file: path, line: quoteLine,
                                message: "a field opens a double quote but never closes it")
                        }
                        let inner = scalars[position]
                        position += 1
                        if inner == "\"" {
                            if position < scalars.count && scalars[position] == "\"" {
                                field.append("\"")
                                position += 1
                                continue
                            }
                            break
                        }
                        if inner == "\n" { line += 1 }
                        field.append(inner)
                    }
                    while position < scalars.count && scalars[position] == " " { position += 1 }
                    if position < scalars.count {
                        let after = scalars[position]
                        if after != delimiter && after != "\n" && !(after == "\r" && nextIsNewline(after: position)) {
                            throw RatingsError(
                                file: path, line: line,
                                message: "unexpected text after the closing double quote of field \(fields.count + 1)")
                        }
                        if after == "\r" { position += 1 }
                    }
                default:
                    if scalar != " " && scalar != "\t" && scalar != "\r" { blank = false }
                    field.append(scalar)
                }
            }
            if !blank { return (startLine, fields) }
        }
        return nil
    }

    private func nextIsNewline(after index: Int) -> Bool {
        index + 1 < scalars.count && scalars[index + 1] == "\n"
    }
}
