import GRDB

extension RunStore {
    /// The store's own integrity problems, read in one read transaction:
    /// - `integrity`: each line of SQLite's `PRAGMA integrity_check` other than `ok`;
    /// - `orphan`: each row `PRAGMA foreign_key_check` reports (a run whose sweep is gone, a
    ///   metric whose run is gone, …);
    /// - `dead-heartbeat`: each `running` run whose last sign of life is older than
    ///   `now − heartbeatGrace` (its agent died; the next claim would mark it crashed).
    ///
    /// Model files are checked by the registry (`StoreCheck`), which knows where they live.
    public func problems(now: Double, heartbeatGrace: Double) throws -> [StoreProblem] {
        try read { db in
            var out: [StoreProblem] = []
            for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
                out.append(StoreProblem(kind: "integrity", detail: line))
            }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0] ?? "?"
                let rowID: Int64? = row[1]
                let parent: String = row[2] ?? "?"
                out.append(
                    StoreProblem(
                        kind: "orphan",
                        detail: "\(table) row \(rowID.map(String.init) ?? "?") refers to a missing \(parent) row"))
            }
            let sweeps = Dictionary(
                uniqueKeysWithValues: try Stored<SweepRecord>.fetchAll(db).map { ($0.record.id, $0.record.name) })
            let running = try Stored<RunRecord>.filter(RunRecord.Columns.state == RunState.running.rawValue)
                .order(RunRecord.Columns.sweepID, RunRecord.Columns.number).fetchAll(db).map(\.record)
            for run in running where run.lastSeenAt < now - heartbeatGrace {
                let silent = Int((now - run.lastSeenAt).rounded())
                out.append(
                    StoreProblem(
                        kind: "dead-heartbeat",
                        detail: "run \(sweeps[run.sweepID] ?? "?")/\(run.number) is running but has had no heartbeat "
                            + "for \(silent)s (agent \(run.agentID) on host \(run.host), pid \(run.pid))"))
            }
            return out
        }
    }
}
