/// A piece of a rendered report: the text and markdown renderers lay out the same blocks.
enum ReportBlock: Sendable {
    /// A section title.
    case heading(String)
    /// Label–value lines (the header).
    case facts([(String, String)])
    /// Sentences; wrapped in text, one bullet each in markdown.
    case lines([String])
    /// A table.
    case table(TextTable)
    /// A character chart (kept as it is; a code block in markdown).
    case chart([String])

    /// The blocks as terminal text, every line at most `width` characters.
    static func text(_ blocks: [ReportBlock], width: Int = 100) -> String {
        var out: [String] = []
        for block in blocks {
            switch block {
            case .heading(let title):
                if !out.isEmpty { out.append("") }
                out += title.wrapped(width: width, indent: "")
            case .facts(let pairs):
                let pad = (pairs.map(\.0.count).max() ?? 0) + 2
                for (label, value) in pairs {
                    let head = label + String(repeating: " ", count: pad - label.count)
                    var lines = value.wrapped(width: width, indent: String(repeating: " ", count: pad))
                    if lines.isEmpty { lines = [""] }
                    lines[0] = head + lines[0].dropFirst(pad)
                    out += lines
                }
            case .lines(let sentences):
                for s in sentences {
                    let lines = s.wrapped(width: width, indent: "    ")
                    out += lines.enumerated().map { i, l in i == 0 ? "  " + l.dropFirst(4) : l }
                }
            case .table(let table):
                out += table.lines(width: width, indent: "  ")
            case .chart(let lines):
                out += lines.map { TextTable.cut("  " + $0, width) }
            }
        }
        return out.joined(separator: "\n")
    }

    /// The blocks as GitHub-flavoured markdown, under `title`.
    static func markdown(_ blocks: [ReportBlock], title: String) -> String {
        var out: [String] = ["# \(title)"]
        for block in blocks {
            out.append("")
            switch block {
            case .heading(let t): out.append("## \(t)")
            case .facts(let pairs): out += pairs.map { "- **\($0.0)**: \($0.1)" }
            case .lines(let sentences): out += sentences.map { "- \($0)" }
            case .table(let table): out += table.markdown()
            case .chart(let lines): out += ["```text"] + lines + ["```"]
            }
        }
        return out.joined(separator: "\n")
    }
}
