/// A table of text cells that renders right-aligned for a terminal (split into blocks that fit
/// a width, repeating the key columns) or as a GitHub-flavoured markdown table.
public struct TextTable: Sendable, Equatable {
    /// Column titles.
    public var header: [String]
    /// Rows, each with one cell per column.
    public var rows: [[String]]
    /// How many leading columns identify a row (repeated in every block when split).
    public var keyColumns: Int
    /// Columns aligned left (the others are right-aligned).
    public var leftAligned: Set<Int>

    /// A table.
    public init(header: [String], rows: [[String]], keyColumns: Int = 0, leftAligned: Set<Int> = []) {
        precondition(rows.allSatisfy { $0.count == header.count }, "every row needs one cell per column")
        self.header = header
        self.rows = rows
        self.keyColumns = keyColumns
        self.leftAligned = leftAligned
    }

    /// The table as lines at most `width` characters wide (columns wider than that are cut),
    /// prefixed by `indent`. Columns that do not fit go to further blocks, separated by a blank
    /// line, each starting with the key columns.
    public func lines(width: Int = 100, indent: String = "") -> [String] {
        let limit = max(10, width - indent.count)
        let cells = ([header] + rows).map { row in row.map { Self.cut($0, limit) } }
        let widths = header.indices.map { c in cells.map { $0[c].count }.max() ?? 0 }
        let keys = Array(0..<min(keyColumns, header.count))
        let keyWidth = keys.reduce(0) { $0 + widths[$1] + 2 }
        var blocks: [[Int]] = []
        var current: [Int] = []
        var used = keyWidth
        for c in keyColumns..<header.count {
            let w = widths[c] + (current.isEmpty && keys.isEmpty ? 0 : 2)
            if !current.isEmpty && used + w > limit {
                blocks.append(current)
                current = []
                used = keyWidth
            }
            current.append(c)
            used += widths[c] + 2
        }
        if !current.isEmpty || blocks.isEmpty { blocks.append(current) }
        var out: [String] = []
        for (b, block) in blocks.enumerated() {
            if b > 0 { out.append("") }
            let columns = keys + block
            for row in cells {
                let line = columns.map { c in
                    let pad = String(repeating: " ", count: widths[c] - row[c].count)
                    return leftAligned.contains(c) ? row[c] + pad : pad + row[c]
                }.joined(separator: "  ")
                out.append(indent + Self.trimTrailing(line))
            }
        }
        return out
    }

    /// The table in markdown (pipes in cells escaped).
    public func markdown() -> [String] {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingPipes() }.joined(separator: " | ") + " |"
        }
        let rule = "|" + header.indices.map { leftAligned.contains($0) ? ":---|" : "---:|" }.joined()
        return [line(header), rule] + rows.map(line)
    }

    static func cut(_ s: String, _ width: Int) -> String {
        s.count <= width ? s : String(s.prefix(width - 1)) + "…"
    }

    static func trimTrailing(_ s: String) -> String {
        var t = Substring(s)
        while t.last == " " { t = t.dropLast() }
        return String(t)
    }
}

extension String {
    func replacingPipes() -> String {
        var out = ""
        for ch in self { if ch == "|" { out += "\\|" } else { out.append(ch) } }
        return out
    }

    /// The text wrapped at word boundaries to lines of at most `width` characters, each
    /// starting with `indent` (a word longer than a line is cut).
    func wrapped(width: Int, indent: String) -> [String] {
        let room = max(10, width - indent.count)
        var lines: [String] = []
        var line = ""
        for word in split(separator: " ", omittingEmptySubsequences: true) {
            var w = String(word)
            while w.count > room {
                if !line.isEmpty { lines.append(line); line = "" }
                lines.append(String(w.prefix(room)))
                w = String(w.dropFirst(room))
            }
            if line.isEmpty {
                line = w
            } else if line.count + 1 + w.count <= room {
                line += " " + w
            } else {
                lines.append(line)
                line = w
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { indent + $0 }
    }
}
