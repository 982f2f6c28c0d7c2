extension RunStore {
    /// Claims the next run of a sweep for `agent`: an expensive proposal is prepared from a
    /// snapshot read without the write lock, and the write transaction only checks and inserts.
    ///
    /// 1. Without the write lock, reads the sweep and its runs (a snapshot) and, unless the
    ///    snapshot already has a retryable run or has reached `countLimit`, calls `prepare`
    ///    with that history (runs `running` at the snapshot, or claimed since an earlier one,
    ///    are pending). It may return a proposal (config JSON), or nil to leave the choice to
    ///    `propose`.
    /// 2. The write transaction, which holds the store's write lock from its first statement, so
    ///    that no two claims of any processes interleave:
    ///    1. marks `crashed` every `running` run of the sweep whose last sign of life
    ///       (heartbeat, or start if it never beat) is older than `now - heartbeatGrace`, with
    ///       the error "no heartbeat for Ns (agent A on host H, pid P)" (checked again by the
    ///       update itself, since heartbeats and finishes do not take the lock);
    ///    2. returns ``ClaimOutcome/limitReached`` if `countLimit` runs count (running,
    ///       finished, failed, pruned; crashed and stopped runs don't);
    ///    3. retries the config of the oldest retryable run (see below) as a new `running` run
    ///       whose `retryOf` is that run's id;
    ///    4. else asks `propose` for the next config (JSON text), given the current history and
    ///       the prepared proposal: it returns the prepared one if it is still valid, or makes
    ///       one (a random config is a function of the run number, a grid point must not be
    ///       taken meanwhile); nil means the search space is exhausted
    ///       (``ClaimOutcome/exhausted``).
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
    ///   - prepare: Called outside the transaction, at most once (for example a Gaussian
    ///     process fit); nil by default.
    ///   - propose: Called inside the transaction, at most once: keep it fast and free of I/O.
    ///     It may return ``StaleProposal/marker`` when the prepared proposal is no longer valid
    ///     (another agent's run took it): the transaction is rolled back and a proposal is
    ///     prepared again from a new snapshot, up to ``maxPrepareAttempts`` times in all; the
    ///     last attempt's `propose` gets no prepared proposal and must decide itself.
    ///   - fullHistory: Whether `propose` sees every run of the sweep (a grid must: it takes
    ///     the first free point). When false, the history it gets holds only the runs that
    ///     are `running`, `crashed` or `stopped`, the retries, and, with a prepared proposal,
    ///     every run claimed since its snapshot: all that the claim itself needs, so a sweep of
    ///     thousands of runs is not read inside the lock. `nextNumber` is always exact.
    ///   - lockHeld: Receives the seconds the write transaction took (for benchmarks).
    /// - Throws: ``StoreError/unknownSweep(id:)``, errors of `prepare` and `propose`, the
    ///   database's errors.
    public func claimRun(
        sweepID: Int64, agent: AgentIdentity, now: Double, heartbeatGrace: Double,
        maxRetries: Int, countLimit: Int?, prepare: ((ClaimHistory) throws -> String?)? = nil,
        propose: (ClaimHistory, String?) throws -> String?, fullHistory: Bool = true,
        lockHeld: ((Double) -> Void)? = nil
    ) throws -> ClaimOutcome {
        precondition(maxRetries >= 0, "maxRetries must be >= 0")
        var attempt = 0
        while true {
            attempt += 1
            let snapshot =
                attempt < Self.maxPrepareAttempts
                ? try prepare.flatMap { try prepareFromSnapshot(sweepID, maxRetries, countLimit, $0) } : nil
            let prepared = snapshot?.proposal
            do {
                return try claimInLock(
                    sweepID: sweepID, agent: agent, now: now, heartbeatGrace: heartbeatGrace, maxRetries: maxRetries,
                    countLimit: countLimit, prepared: prepared, propose: propose,
                    historyFrom: fullHistory ? nil : snapshot?.nextNumber ?? Int(Int32.max), lockHeld: lockHeld)
            } catch is StaleProposal where prepared != nil {
                // Another claim made the prepared proposal stale: prepare again from a snapshot
                // that shows it.
                continue
            }
        }
    }

    /// Attempts at preparing a proposal outside the lock before `propose` must decide inside it.
    public static let maxPrepareAttempts = 4

    /// A snapshot's prepared proposal and the number it was prepared for, or nil when a retry
    /// or the count will decide the claim.
    private func prepareFromSnapshot(
        _ sweepID: Int64, _ maxRetries: Int, _ countLimit: Int?, _ prepare: (ClaimHistory) throws -> String?
    ) throws -> (proposal: String, nextNumber: Int)? {
        let snapshot = try read { db -> ClaimHistory? in
            guard let sweep = try db.fetchOne(SweepRecord.self, where: "id = ?", [.integer(sweepID)]) else {
                return nil
            }
            let runs = try Self.runs(of: sweepID, db)
            return ClaimHistory(sweep: sweep, runs: runs, nextNumber: (runs.last?.number ?? 0) + 1)
        }
        guard let snapshot else { return nil }
        let limited = countLimit.map { snapshot.runs.count(where: \.state.countsTowardLimit) >= $0 } ?? false
        guard !limited && Self.retryCandidate(in: snapshot.runs, maxRetries: maxRetries) == nil else { return nil }
        return try prepare(snapshot).map { ($0, snapshot.nextNumber) }
    }

    /// The claim's write transaction (see ``claimRun(sweepID:agent:now:heartbeatGrace:maxRetries:countLimit:prepare:propose:lockHeld:)``).
    private func claimInLock(
        sweepID: Int64, agent: AgentIdentity, now: Double, heartbeatGrace: Double, maxRetries: Int,
        countLimit: Int?, prepared: String?, propose: (ClaimHistory, String?) throws -> String?,
        historyFrom: Int?, lockHeld: ((Double) -> Void)?
    ) throws -> ClaimOutcome {
        let clock = ContinuousClock()
        var start = clock.now
        defer {
            let held = start.duration(to: clock.now)
            lockHeld?(Double(held.components.seconds) + Double(held.components.attoseconds) * 1e-18)
        }
        return try write { db in
            start = clock.now
            // The sweep, its largest number and counted runs, and its runs (all of them, or
            // those the claim needs) in one round trip.
            let rows = try db.queries([
                (Self.selectSweep, [.integer(sweepID)]), (Self.selectTally, [.integer(sweepID)]),
                historyFrom.map { (Self.selectClaimRuns, [.integer(sweepID), SQLValue($0)]) }
                    ?? (Self.selectRuns, [.integer(sweepID)]),
            ])
            guard let sweep = try rows[0].first.map(SweepRecord.init(row:)) else {
                throw StoreError.unknownSweep(id: sweepID)
            }
            let largestNumber = try rows[1].first?.optionalInt(0) ?? 0
            var counted = try rows[1].first?.optionalInt(1) ?? 0
            var runs = try rows[2].map(RunRecord.init(row:))

            for index in runs.indices where runs[index].state == .running {
                let lastSeen = runs[index].lastSeenAt
                guard lastSeen < now - heartbeatGrace else { continue }
                // Conditional: finishes and heartbeats take no lock, so the run may have ended
                // or beaten since it was read; then it is left as it now is.
                let error = Self.crashMessage(runs[index], silentFor: now - lastSeen)
                try db.execute(
                    """
                    UPDATE run SET state = ?, finishedAt = COALESCE(heartbeatAt, startedAt), error = ?
                    WHERE id = ? AND state = ? AND COALESCE(heartbeatAt, startedAt) < ?
                    """,
                    [
                        .text(RunState.crashed.rawValue), .text(error), .integer(runs[index].id),
                        .text(RunState.running.rawValue), SQLValue(now - heartbeatGrace),
                    ])
                if let current = try db.fetchOne(RunRecord.self, where: "id = ?", [.integer(runs[index].id)]) {
                    if !current.state.countsTowardLimit { counted -= 1 }
                    runs[index] = current
                }
            }

            if let countLimit, counted >= countLimit {
                return .limitReached
            }

            let nextNumber = largestNumber + 1
            func insertRun(configJSON: String, retryOf: Int64?) throws -> ClaimOutcome {
                var run = RunRecord(
                    id: 0, sweepID: sweepID, number: nextNumber, configJSON: configJSON, state: .running,
                    agentID: agent.id, host: agent.host, pid: agent.pid, startedAt: now, retryOf: retryOf)
                run.id = try db.insertNumbered(run)
                return .claimed(run)
            }

            if let failed = Self.retryCandidate(in: runs, maxRetries: maxRetries) {
                return try insertRun(configJSON: failed.configJSON, retryOf: failed.id)
            }
            let history = ClaimHistory(sweep: sweep, runs: runs, nextNumber: nextNumber)
            guard let configJSON = try propose(history, prepared) else { return .exhausted }
            if configJSON == StaleProposal.marker { throw StaleProposal() }
            return try insertRun(configJSON: configJSON, retryOf: nil)
        }
    }

    /// ``claimRun(sweepID:agent:now:heartbeatGrace:maxRetries:countLimit:prepare:propose:lockHeld:)``
    /// with every proposal made inside the write transaction.
    public func claimRun(
        sweepID: Int64, agent: AgentIdentity, now: Double, heartbeatGrace: Double,
        maxRetries: Int, countLimit: Int?, propose: (ClaimHistory) throws -> String?
    ) throws -> ClaimOutcome {
        try claimRun(
            sweepID: sweepID, agent: agent, now: now, heartbeatGrace: heartbeatGrace, maxRetries: maxRetries,
            countLimit: countLimit, prepare: nil, propose: { history, _ in try propose(history) })
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

    static let selectSweep = "SELECT \(SweepRecord.columns.joined(separator: ", ")) FROM sweep WHERE id = ?"
    static let selectRuns =
        "SELECT \(RunRecord.columns.joined(separator: ", ")) FROM run WHERE sweepID = ? ORDER BY number"
    /// A sweep's largest run number and how many of its runs count toward its limit.
    static let selectTally = """
        SELECT MAX(number), SUM(CASE WHEN state IN (\(
            RunState.allCases.filter(\.countsTowardLimit).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        )) THEN 1 ELSE 0 END) FROM run WHERE sweepID = ?
        """
    /// The runs a claim needs: running (to mark stale ones crashed), crashed or stopped (to
    /// retry), the retries (to know what is retried), and those numbered from `?` on.
    static let selectClaimRuns = """
        SELECT \(RunRecord.columns.joined(separator: ", ")) FROM run
        WHERE sweepID = ?
            AND (state IN ('\(RunState.running.rawValue)', '\(RunState.crashed.rawValue)', '\(RunState.stopped.rawValue)')
                OR retryOf IS NOT NULL OR number >= ?)
        ORDER BY number
        """

    /// The runs of a sweep, by number.
    static func runs(of sweepID: Int64, _ db: any StoreConnection) throws -> [RunRecord] {
        try db.query(selectRuns, [.integer(sweepID)]).map(RunRecord.init(row:))
    }

    static func crashMessage(_ run: RunRecord, silentFor seconds: Double) -> String {
        "no heartbeat for \(Int(seconds.rounded()))s "
            + "(agent \(run.agentID) on host \(run.host), pid \(run.pid))"
    }
}

/// What `propose` returns to have a claim prepare its proposal again from a new snapshot.
public struct StaleProposal: Error {
    /// The text `propose` returns instead of a config.
    public static let marker = "\u{0}stale"
}
