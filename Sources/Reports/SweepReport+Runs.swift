import Foundation

/// `mfsweep runs --format json` and `--format jsonl`.
extension SweepReport {
    /// One JSON document, like `report` and `compare` print:
    /// `{"schema_version": 1, "sweep": …, "metric": {"name", "goal"}, "runs": [{…}, …]}`, where
    /// each run has the fields of the report's `runs` entries. Keys sorted, pretty-printed.
    public func runsJSON() -> String {
        struct Document: Encodable {
            var schemaVersion = 1
            var sweep: String
            var metric: ReportAnalysis.Metric
            var runs: [RunSummary]
            enum CodingKeys: String, CodingKey {
                case sweep, metric, runs
                case schemaVersion = "schema_version"
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let document = Document(sweep: sweep, metric: .init(name: metric, goal: goal), runs: runs)
        // Encoding plain values cannot fail.
        return String(decoding: try! encoder.encode(document), as: UTF8.self)
    }

    /// JSON Lines: one compact object per run, keys sorted, in run order (what
    /// `runs --format json` printed before version 1 of the runs document).
    public func runsJSONLines() throws -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try runs.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
    }
}
