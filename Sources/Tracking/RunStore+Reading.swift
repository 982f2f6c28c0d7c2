extension RunStore {
    /// The fold results of every run of a sweep, by run id, each run's by fold: one query
    /// instead of one per run (reports read sweeps of thousands of runs).
    public func foldResults(sweepID: Int64) throws -> [Int64: [FoldResultRecord]] {
        let rows = try read { db in
            try db.fetch(
                FoldResultRecord.self, where: "runID IN (SELECT id FROM run WHERE sweepID = ?)", [.integer(sweepID)],
                orderBy: "runID, fold")
        }
        return Dictionary(grouping: rows, by: \.runID)
    }

    /// The history of run `runID` restricted to metrics named in `names` (all when nil), by
    /// step, in the order it was logged within a step.
    public func metrics(runID: Int64, names: Set<String>?) throws -> [MetricRecord] {
        guard let names else { return try metrics(runID: runID) }
        guard !names.isEmpty else { return [] }
        let sorted = names.sorted()
        let marks = Array(repeating: "?", count: sorted.count).joined(separator: ", ")
        return try read { db in
            try db.fetch(
                MetricRecord.self, where: "runID = ? AND name IN (\(marks))",
                [.integer(runID)] + sorted.map(SQLValue.text), orderBy: "step, \(db.dialect.insertionOrder)")
        }
    }
}
