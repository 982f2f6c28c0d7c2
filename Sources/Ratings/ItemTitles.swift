import Foundation

/// Loads item titles: raw item id → title.
///
/// Accepted files:
/// - MovieLens 100K `u.item`: `id|title|release date|…`, no header, ISO Latin-1 encoded
///   (read as UTF-8 when the file is valid UTF-8, else as Latin-1, so `Misérables` comes out right);
/// - MovieLens `movies.csv`: header `movieId,title,genres`, RFC 4180 quoting (fields holding
///   commas are in double quotes, `""` is a literal quote), UTF-8.
///
/// The layout is chosen by the file name (`u.item` or `*.item` → `|`, `*.csv` → CSV), else by
/// the first non-blank line (a `|` → `u.item`, otherwise CSV). A repeated id keeps its last title.
public enum ItemTitles {
    /// The titles in `path`, by raw item id.
    ///
    /// - Throws: ``RatingsError`` naming the file and, for a bad row or header, its line.
    public static func load(path: String) throws -> [String: String] {
        let data = try FileBytes.read(path)
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw RatingsError(file: path, message: "cannot decode the file as UTF-8 or ISO Latin-1")
        }
        var reader = CSVRecordReader(text: text, delimiter: "|", quoting: false, path: path)
        let (name, ext) = FileBytes.nameAndExtension(path)
        let pipe: Bool
        if name == "u.item" || ext == "item" {
            pipe = true
        } else if ext == "csv" {
            pipe = false
        } else {
            pipe = reader.firstNonBlankLine()?.unicodeScalars.contains("|") ?? false
        }
        if !pipe { reader = CSVRecordReader(text: text, delimiter: ",", quoting: true, path: path) }
        let titles = try pipe ? loadPipe(&reader, path: path) : loadCSV(&reader, path: path)
        guard !titles.isEmpty else { throw RatingsError(file: path, message: "file is empty") }
        return titles
    }

    /// `id|title|…` rows.
    private static func loadPipe(_ reader: inout CSVRecordReader, path: String) throws -> [String: String] {
        var titles: [String: String] = [:]
        while let record = try reader.next() {
            guard record.fields.count >= 2 else {
                throw RatingsError(
                    file: path, line: record.line,
                    message: "expected at least 2 fields separated by \"|\" (id|title|…), found \(record.fields.count)")
            }
            let id = record.fields[0].trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { throw RatingsError(file: path, line: record.line, message: "item id is empty") }
            titles[id] = record.fields[1]
        }
        return titles
    }

    /// `movieId,title,…` rows after a header.
    private static func loadCSV(_ reader: inout CSVRecordReader, path: String) throws -> [String: String] {
        guard let header = try reader.next() else { throw RatingsError(file: path, message: "file is empty") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ wanted: String) throws -> Int {
            if let i = names.firstIndex(where: { $0.lowercased() == wanted.lowercased() }) { return i }
            let listed = names.map { "\"\($0)\"" }.joined(separator: ", ")
            throw RatingsError(
                file: path, line: header.line,
                message: "header has no column \"\(wanted)\"; the header's columns are \(listed)")
        }
        let idColumn = try column("movieId")
        let titleColumn = try column("title")
        let needed = max(idColumn, titleColumn) + 1
        var titles: [String: String] = [:]
        while let record = try reader.next() {
            guard record.fields.count >= needed else {
                throw RatingsError(
                    file: path, line: record.line,
                    message: "expected \(names.count) columns separated by \",\", found \(record.fields.count)")
            }
            let id = record.fields[idColumn].trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { throw RatingsError(file: path, line: record.line, message: "item id is empty") }
            titles[id] = record.fields[titleColumn]
        }
        guard !titles.isEmpty else { throw RatingsError(file: path, message: "file has a header but no rows") }
        return titles
    }
}
