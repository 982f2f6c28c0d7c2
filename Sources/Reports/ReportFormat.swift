/// The formats `mfsweep report` writes.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Terminal text, at most 100 columns.
    case text
    /// GitHub-flavoured markdown.
    case markdown
    /// The JSON document (schema version 1).
    case json
    /// One self-contained HTML page with inline SVG charts.
    case html
}

extension SweepReport {
    /// The report in `format`, with `top` runs in the ranking.
    public func render(_ format: ReportFormat, top: Int = 10) -> String {
        let analysis = ReportAnalysis(self, top: top)
        switch format {
        case .text: return analysis.text()
        case .markdown: return analysis.markdown()
        case .json: return analysis.json()
        case .html: return HTMLReport(report: self, analysis: analysis).render()
        }
    }
}
