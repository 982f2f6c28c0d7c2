import GRDB

extension RunStore {
    /// The fold results of every run of a sweep, by run id, each run's by fold: one query
    /// instead of one per run (reports read sweeps of thousands of runs).
    public func foldResults(sweepID: Int64) throws -> [Int64: [FoldResultRecord]] {
        let rows = try read { db in
            try Stored<FoldResultRecord>.fetchAll(
                db,
                sql: """
                    SELECT foldResult.* FROM foldResult JOIN run ON run.id = foldResult.runID
                    WHERE run.sweepID = ? ORDER BY foldResult.runID, foldResult.fold
                    """,
                arguments: [sweepID]
            ).map(\.record)
        }
        return Dictionary(grouping: rows, by: \.runID)
    }

    /// The history of run `runID` restricted to metrics named in `names` (all when nil), by
    /// step, in the order it was logged within a step.
    public func metrics(runID: Int64, names: Set<String>?) throws -> [MetricRecord] {
        guard let names else { return try metrics(runID: runID) }
        return try read { db in
            try Stored<MetricRecord>.filter(MetricRecord.Columns.runID == runID)
                .filter(names.contains(MetricRecord.Columns.name))
                .order(MetricRecord.Columns.step, Column.rowID).fetchAll(db).map(\.record)
        }
    }
}
