extension RunStore {
    /// Records that run `runID` is alive.
    ///
    /// - Returns: Whether the run is still `running`. False means another agent marked it
    ///   crashed (its heartbeat had gone stale) or it ended: the caller should stop working on it.
    @discardableResult
    public func heartbeat(runID: Int64, now: Double) throws -> Bool {
        try backend.executeAlone(
            "UPDATE run SET heartbeatAt = ? WHERE id = ? AND state = ?",
            [SQLValue(now), .integer(runID), .text(RunState.running.rawValue)]) > 0
    }

    /// Appends metric history in one transaction (call it with a batch, not per value).
    ///
    /// Values are appended whatever the run's state, so a late flush is never lost.
    public func appendMetrics(_ metrics: [MetricRecord]) throws {
        guard !metrics.isEmpty else { return }
        // A batch that fits one statement is its own transaction: one round trip on PostgreSQL.
        if metrics.count <= Self.metricsPerStatement {
            _ = try backend.executeAlone(Self.metricInsert(rows: metrics.count), metrics.flatMap(\.values))
            return
        }
        try backend.writeUnlocked { db in try Self.insertMetrics(metrics, db) }
    }

    /// Metric values per `INSERT` statement.
    static let metricsPerStatement = 200

    /// The `INSERT` of `rows` metric values.
    static func metricInsert(rows: Int) -> String {
        "INSERT INTO metric (runID, step, fold, name, value) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
    }

    /// Inserts `metrics` in order, many rows per statement.
    static func insertMetrics(_ metrics: [MetricRecord], _ db: any StoreConnection) throws {
        for start in stride(from: 0, to: metrics.count, by: metricsPerStatement) {
            let chunk = metrics[start..<min(start + metricsPerStatement, metrics.count)]
            try db.execute(metricInsert(rows: chunk.count), chunk.flatMap(\.values))
        }
    }

    /// Ends a run that `agent` is running: writes its outcome and fold results in one
    /// transaction.
    ///
    /// A run that is no longer `running` (another agent marked it crashed, and may have retried
    /// its config) or that another agent runs is left as it is, and this throws: a crashed run is
    /// never silently overwritten.
    ///
    /// - Parameters:
    ///   - state: The final state; not `running`.
    ///   - summaryMetric: The sweep metric's final value (NaN is stored as nil).
    ///   - folds: Per-fold results, each with `runID == runID`; they replace earlier ones.
    /// - Throws: ``StoreError/runNotRunning(runID:number:state:owner:detail:)``,
    ///   ``StoreError/unknownRun(id:)``.
    public func finishRun(
        runID: Int64, agent: AgentIdentity, state: RunState, summaryMetric: Double?,
        folds: [FoldResultRecord], error: String?, steps: Int?, seconds: Double?, now: Double
    ) throws {
        precondition(state != .running, "finishRun needs a final state, not running")
        precondition(folds.allSatisfy { $0.runID == runID }, "fold results of another run")
        // One conditional update, so no store-wide lock: a claim that marks runs crashed
        // re-checks the state in its own update, and this one only changes a run that is still
        // this agent's and `running`.
        let update = """
            UPDATE run SET state = ?, summaryMetric = ?, error = ?, steps = ?, seconds = ?, finishedAt = ?,
                heartbeatAt = ?
            WHERE id = ? AND state = ? AND agentID = ?
            """
        let arguments: [SQLValue] = [
            .text(state.rawValue), SQLValue(summaryMetric), SQLValue(error), SQLValue(steps), SQLValue(seconds),
            SQLValue(now), SQLValue(now), .integer(runID), .text(RunState.running.rawValue), .text(agent.id),
        ]
        func notRunning() throws -> StoreError {
            guard let run = try self.run(id: runID) else { return StoreError.unknownRun(id: runID) }
            return StoreError.runNotRunning(
                runID: runID, number: run.number, state: run.state, owner: run.agentID, detail: run.error)
        }
        // A `command` run has no folds: one statement, in a transaction of its own.
        if folds.isEmpty {
            guard try backend.executeAlone(update, arguments) == 1 else { throw try notRunning() }
            return
        }
        let changed = try backend.writeUnlocked { db in
            let changed = try db.execute(update, arguments)
            guard changed == 1 else { return changed }
            for fold in folds {
                try db.upsert(fold)
            }
            return changed
        }
        guard changed == 1 else { throw try notRunning() }
    }

    /// Registers a file that run `runID` produced.
    ///
    /// - Throws: ``StoreError/unknownRun(id:)``.
    public func addArtifact(
        runID: Int64, kind: String, path: String, sha256: String, now: Double
    ) throws -> ArtifactRecord {
        try write { db in
            guard try db.scalar("SELECT COUNT(*) FROM run WHERE id = ?", [.integer(runID)]) == 1 else {
                throw StoreError.unknownRun(id: runID)
            }
            let artifact = ArtifactRecord(
                id: try db.nextID(in: ArtifactRecord.table), runID: runID,
                kind: kind, path: path, sha256: sha256, createdAt: now)
            try db.insert(artifact)
            return artifact
        }
    }

    // MARK: - Reads

    /// The runs of a sweep, by number.
    public func runs(sweepID: Int64) throws -> [RunRecord] {
        try read { db in try Self.runs(of: sweepID, db) }
    }

    /// The run with this id, if any.
    public func run(id: Int64) throws -> RunRecord? {
        try read { db in try db.fetchOne(RunRecord.self, where: "id = ?", [.integer(id)]) }
    }

    /// Run number `number` of a sweep, if any.
    public func run(sweepID: Int64, number: Int) throws -> RunRecord? {
        try read { db in
            try db.fetchOne(RunRecord.self, where: "sweepID = ? AND number = ?", [.integer(sweepID), SQLValue(number)])
        }
    }

    /// A run's metric history, by step, in the order it was logged within a step.
    public func metrics(runID: Int64) throws -> [MetricRecord] {
        try read { db in
            try db.fetch(
                MetricRecord.self, where: "runID = ?", [.integer(runID)], orderBy: "step, \(db.dialect.insertionOrder)")
        }
    }

    /// A run's fold results, by fold.
    public func foldResults(runID: Int64) throws -> [FoldResultRecord] {
        try read { db in try db.fetch(FoldResultRecord.self, where: "runID = ?", [.integer(runID)], orderBy: "fold") }
    }

    /// A run's artifacts, oldest first.
    public func artifacts(runID: Int64) throws -> [ArtifactRecord] {
        try read { db in try db.fetch(ArtifactRecord.self, where: "runID = ?", [.integer(runID)], orderBy: "id") }
    }

    /// How many runs of a sweep are in each state; every state is present, zero included.
    public func counts(sweepID: Int64) throws -> [RunState: Int] {
        let rows = try read { db in
            try db.query("SELECT state, COUNT(*) FROM run WHERE sweepID = ? GROUP BY state", [.integer(sweepID)])
        }
        var counts = Dictionary(uniqueKeysWithValues: RunState.allCases.map { ($0, 0) })
        for row in rows {
            if let state = RunState(rawValue: try row.string(0)) { counts[state] = try row.int(1) }
        }
        return counts
    }
}
