import GRDB

extension RunStore {
    /// Claims the next run of a sweep for `agent`, in one write transaction.
    ///
    /// The transaction, which holds SQLite's write lock from its first statement, so that no two
    /// claims of any processes interleave:
    /// 1. marks `crashed` every `running` run of the sweep whose last sign of life (heartbeat,
    ///    or start if it never beat) is older than `now - heartbeatGrace`, with the error
    ///    "no heartbeat for Ns (agent A on host H, pid P)";
    /// 2. returns ``ClaimOutcome/limitReached`` if `countLimit` runs count (running, finished,
    ///    failed, pruned; crashed and stopped runs don't);
    /// 3. retries the config of the oldest retryable run (see below) as a new `running` run
    ///    whose `retryOf` is that run's id;
    /// 4. else asks `propose` for the next config (JSON text) given the whole history; nil means
    ///    the search space is exhausted (``ClaimOutcome/exhausted``).
    ///
    /// A run is retryable when it is `crashed` or `stopped`, no run retries it yet, and its exact
    /// `configJSON` has failed (crashed or stopped) at most `maxRetries` times. So a config runs
    /// at most `1 + maxRetries` times without a result, each crash is retried at most once, and
    /// `maxRetries: 0` retries nothing. A retry counts toward the limit like any running run.
    ///
    /// New runs get the number after the sweep's largest. If `propose` throws, the whole
    /// transaction (crash marks included) is rolled back and the error is rethrown.
    ///
    /// - Parameters:
    ///   - propose: Called inside the transaction, at most once: keep it fast and free of I/O.
    /// - Throws: ``StoreError/unknownSweep(id:)``, errors of `propose`, SQLite errors.
    public func claimRun(
        sweepID: Int64, agent: AgentIdentity, now: Double, heartbeatGrace: Double,
        maxRetries: Int, countLimit: Int?, propose: (ClaimHistory) throws -> String?
    ) throws -> ClaimOutcome {
        precondition(maxRetries >= 0, "maxRetries must be >= 0")
        return try writeImmediate { db in
            guard let sweep = try Stored<SweepRecord>.fetchOne(db, key: sweepID)?.record else {
                throw StoreError.unknownSweep(id: sweepID)
            }
            var runs = try Stored<RunRecord>.filter(RunRecord.Columns.sweepID == sweepID)
                .order(RunRecord.Columns.number).fetchAll(db).map(\.record)

            for index in runs.indices where runs[index].state == .running {
                let lastSeen = runs[index].lastSeenAt
                guard lastSeen < now - heartbeatGrace else { continue }
                runs[index].state = .crashed
                runs[index].finishedAt = lastSeen
                runs[index].error = Self.crashMessage(runs[index], silentFor: now - lastSeen)
                try Stored(runs[index]).update(db)
            }

            if let countLimit, runs.count(where: \.state.countsTowardLimit) >= countLimit {
                return .limitReached
            }

            let nextNumber = (runs.last?.number ?? 0) + 1
            func insertRun(configJSON: String, retryOf: Int64?) throws -> ClaimOutcome {
                let run = RunRecord(
                    id: try Self.nextID(in: RunRecord.databaseTableName, db), sweepID: sweepID,
                    number: nextNumber, configJSON: configJSON, state: .running,
                    agentID: agent.id, host: agent.host, pid: agent.pid, startedAt: now,
                    retryOf: retryOf)
                try Stored(run).insert(db)
                return .claimed(run)
            }

            if let failed = Self.retryCandidate(in: runs, maxRetries: maxRetries) {
                return try insertRun(configJSON: failed.configJSON, retryOf: failed.id)
            }
            let history = ClaimHistory(sweep: sweep, runs: runs, nextNumber: nextNumber)
            guard let configJSON = try propose(history) else { return .exhausted }
            return try insertRun(configJSON: configJSON, retryOf: nil)
        }
    }

    /// The oldest crashed or stopped run that no run retries yet and whose config has failed
    /// at most `maxRetries` times.
    static func retryCandidate(in runs: [RunRecord], maxRetries: Int) -> RunRecord? {
        let retried = Set(runs.compactMap(\.retryOf))
        // Only crashes use up a config's retries: a run the user stopped is always run again.
        var crashes: [String: Int] = [:]
        for run in runs where run.state == .crashed {
            crashes[run.configJSON, default: 0] += 1
        }
        return runs.first { run in
            run.state.isRetryable && !retried.contains(run.id)
                && (run.state == .stopped || crashes[run.configJSON, default: 0] <= maxRetries)
        }
    }

    static func crashMessage(_ run: RunRecord, silentFor seconds: Double) -> String {
        "no heartbeat for \(Int(seconds.rounded()))s "
            + "(agent \(run.agentID) on host \(run.host), pid \(run.pid))"
    }
}
