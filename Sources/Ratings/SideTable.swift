import Foundation

/// The rows of a side-feature file (MovieLens's `u.user`, `movies.csv`, … or a user's own
/// delimited file) by raw id, each with its line for error messages.
struct SideTable {
    /// One row: its 1-based line and its fields, spaces around them trimmed.
    struct Row {
        var line: Int
        var fields: [String]
    }

    /// The file as the user named it.
    let path: String
    /// The header's column names; empty when the file has none.
    let header: [String]
    /// The header's line (0 without a header).
    let headerLine: Int
    /// Rows by raw id.
    private(set) var rows: [String: Row] = [:]

    /// Reads `path`: records split on `delimiter` (RFC 4180 quoting when `quoting`), an optional
    /// header, and every row with exactly `fieldCount` fields (the header's count when nil), its
    /// id in column `key` (0-based).
    ///
    /// - Throws: ``RatingsError`` naming the file and line of a short or long row, an empty or
    ///   repeated id, or a file with no rows.
    init(
        path: String, delimiter: String, quoting: Bool, hasHeader: Bool, fieldCount: Int?,
        key: (_ header: [String], _ line: Int) throws -> Int, idName: String
    ) throws {
        self.path = path
        var records = try Self.records(path: path, delimiter: delimiter, quoting: quoting)
        if hasHeader {
            guard !records.isEmpty else { throw RatingsError(file: path, message: "file is empty") }
            let first = records.removeFirst()
            header = first.fields
            headerLine = first.line
        } else {
            header = []
            headerLine = 0
        }
        let keyColumn = try key(header, headerLine)
        let expected = fieldCount ?? header.count
        let shown = delimiter == "\t" ? "tabs" : "\"\(delimiter)\""
        for record in records {
            guard record.fields.count == expected else {
                throw RatingsError(
                    file: path, line: record.line,
                    message: "expected \(expected) fields separated by \(shown), found \(record.fields.count)")
            }
            let id = record.fields[keyColumn]
            guard !id.isEmpty else {
                throw RatingsError(file: path, line: record.line, message: "\(idName) is empty")
            }
            if let first = rows[id] {
                throw RatingsError(
                    file: path, line: record.line,
                    message: "\(idName) \"\(id)\" appears again, first on line \(first.line)")
            }
            rows[id] = Row(line: record.line, fields: record.fields)
        }
        guard !rows.isEmpty else {
            throw RatingsError(file: path, message: hasHeader ? "file has a header but no rows" : "file is empty")
        }
    }

    /// The file's text: UTF-8, else ISO Latin-1 (MovieLens 100K's `u.item`).
    static func text(_ path: String) throws -> String {
        let data = try FileBytes.read(path)
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw RatingsError(file: path, message: "cannot decode the file as UTF-8 or ISO Latin-1")
        }
        return text
    }

    /// The non-blank records of `path` with their lines, fields trimmed of spaces.
    static func records(path: String, delimiter: String, quoting: Bool) throws -> [(line: Int, fields: [String])] {
        let text = try text(path)
        var out: [(Int, [String])] = []
        let scalars = Array(delimiter.unicodeScalars)
        if scalars.count == 1 {
            var reader = CSVRecordReader(text: text, delimiter: scalars[0], quoting: quoting, path: path)
            while let record = try reader.next() {
                out.append((record.line, record.fields.map { $0.trimmingCharacters(in: .whitespaces) }))
            }
            return out
        }
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        for (i, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            guard trimmed.contains(where: { $0 != " " && $0 != "\t" }) else { continue }
            out.append(
                (i + 1, trimmed.components(separatedBy: delimiter).map { $0.trimmingCharacters(in: .whitespaces) }))
        }
        return out
    }

    /// The delimiter of a delimited file from its first non-blank line: `::`, a tab, `|`, `;`,
    /// else `,`.
    static func detectDelimiter(path: String) throws -> String {
        let text = try text(path)
        let first = text.split(separator: "\n").first { $0.contains(where: { !$0.isWhitespace }) } ?? ""
        for candidate in ["::", "\t", "|", ";"] where first.contains(candidate) { return candidate }
        return ","
    }

    /// The row of raw id `id`, if the file has one.
    subscript(id: String) -> Row? { rows[id] }
}
