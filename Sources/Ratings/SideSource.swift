import Core
import Foundation

/// A side-feature file with the way to turn its rows into features.
struct SideSource {
    /// The file's rows.
    let table: SideTable
    /// The raw feature `name` over `rows` (one per entity, nil for an entity the file lacks).
    let extract: (SideFeatureName, [SideTable.Row?]) throws -> RawFeature

    /// The block of `names` for the entities `ids` (raw ids by dense index) and how many of
    /// them the file does not list.
    func block(_ names: [SideFeatureName], ids: [String]) throws -> (SideFeatures.Block, missing: Int) {
        let rows = ids.map { table[$0] }
        let missing = rows.count { $0 == nil }
        let features = try names.map { try extract($0, rows) }
        return (SideFeatures.Block(count: ids.count, features: features), missing)
    }

    /// A number, or nil when `text` is not a finite one.
    static func number(_ text: String) -> Double? {
        guard let x = Double(text), x.isFinite else { return nil }
        return x
    }

    // MARK: a user's delimited file

    /// A delimited file with a header, its ids in `file.key`; each `LEVEL.COLUMN` is a column.
    static func generic(_ file: SideFeatureFile, idName: String) throws -> SideSource {
        let delimiter = try file.delimiter ?? SideTable.detectDelimiter(path: file.path)
        let table = try SideTable(
            path: file.path, delimiter: delimiter, quoting: true, hasHeader: true, fieldCount: nil,
            key: { header, line in
                try column(file.key, in: header, path: file.path, line: line, role: "key")
            }, idName: idName)
        let byLine = table.rowsByLine
        return SideSource(table: table) { name, rows in
            let c = try column(
                .name(name.column), in: table.header, path: table.path, line: table.headerLine,
                role: "feature \(name.feature)")
            let kind =
                name.kind
                ?? (byLine.allSatisfy { $0.fields[c].isEmpty || number($0.fields[c]) != nil }
                    ? .continuous : .categorical)
            switch kind {
            case .categorical:
                return .categorical(name: name.feature, values: rows.map { $0?.fields[c] })
            case .continuous:
                if let bad = byLine.first(where: { !$0.fields[c].isEmpty && number($0.fields[c]) == nil }) {
                    throw RatingsError(
                        file: table.path, line: bad.line,
                        message: "feature \(name.description): \"\(bad.fields[c])\" is not a number")
                }
                return .continuous(name: name.feature, values: rows.map { $0.flatMap { number($0.fields[c]) } })
            }
        }
    }

    /// The 0-based index of `ref` in `header`: a name (exact, then ignoring case) or a 1-based
    /// number.
    static func column(_ ref: ColumnRef, in header: [String], path: String, line: Int, role: String) throws -> Int {
        switch ref {
        case .number(let n):
            guard n >= 1 && n <= header.count else {
                throw RatingsError(
                    file: path, line: line,
                    message: "\(role): column \(n) is out of range; the header has \(header.count) columns")
            }
            return n - 1
        case .name(let wanted):
            if let i = header.firstIndex(of: wanted)
                ?? header.firstIndex(where: {
                    $0.lowercased() == wanted.lowercased()
                })
            {
                return i
            }
            let listed = header.map { "\"\($0)\"" }.joined(separator: ", ")
            throw RatingsError(
                file: path, line: line,
                message: "\(role): the header has no column \"\(wanted)\"; its columns are \(listed)")
        }
    }
}

extension SideTable {
    /// The rows in file order.
    var rowsByLine: [Row] { rows.values.sorted { $0.line < $1.line } }
}
