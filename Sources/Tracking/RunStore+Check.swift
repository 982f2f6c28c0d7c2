extension RunStore {
    /// The store's own integrity problems:
    /// - `integrity`: each line of SQLite's `PRAGMA integrity_check` other than `ok`;
    /// - `orphan`: each row that refers to a missing row (a run whose sweep is gone, a metric
    ///   whose run is gone, …): SQLite's `PRAGMA foreign_key_check`; PostgreSQL enforces its
    ///   foreign keys, so it has none;
    /// - `dead-heartbeat`: each `running` run whose last sign of life is older than
    ///   `now − heartbeatGrace` (its agent died; the next claim would mark it crashed).
    ///
    /// Model files are checked by the registry (`StoreCheck`), which knows where they live.
    public func problems(now: Double, heartbeatGrace: Double) throws -> [StoreProblem] {
        var out = try backend.integrityProblems()
        try read { db in
            let sweeps = Dictionary(
                uniqueKeysWithValues: try db.fetch(SweepRecord.self).map { ($0.id, $0.name) })
            let running = try db.fetch(
                RunRecord.self, where: "state = ?", [.text(RunState.running.rawValue)], orderBy: "sweepID, number")
            for run in running where run.lastSeenAt < now - heartbeatGrace {
                let silent = Int((now - run.lastSeenAt).rounded())
                out.append(
                    StoreProblem(
                        kind: "dead-heartbeat",
                        detail: "run \(sweeps[run.sweepID] ?? "?")/\(run.number) is running but has had no heartbeat "
                            + "for \(silent)s (agent \(run.agentID) on host \(run.host), pid \(run.pid))"))
            }
        }
        return out
    }
}
