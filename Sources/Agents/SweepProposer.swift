import Core
public import Search
public import Tracking

/// How an agent claims its next run of a sweep: which proposals are prepared outside the
/// claim's write lock, and what makes a prepared proposal stale.
///
/// `gaussian` and `bayes` fit a model to the history (hundreds of milliseconds at hundreds of
/// runs), and any config they propose stays valid while other agents claim, so they prepare it
/// from a snapshot. `random` (a function of the run number) and `grid` (the first point not
/// taken) are cheap and must see the runs claimed meanwhile, so they propose inside the lock.
public struct SweepProposer: Sendable {
    /// The sweep's spec.
    public var spec: SweepSpec
    /// The claiming agent, whose id salts a proposal prepared again after a collision.
    public var agentID: String
    /// Whether proposals are prepared outside the lock (default: by the method, as above).
    public var preparesOutsideTheLock: Bool

    /// A proposer for `spec`.
    public init(spec: SweepSpec, agentID: String, preparesOutsideTheLock: Bool? = nil) {
        self.spec = spec
        self.agentID = agentID
        self.preparesOutsideTheLock = preparesOutsideTheLock ?? (spec.method == .gaussian || spec.method == .bayes)
    }

    /// Claims the next run (``Tracking/RunStore/claimRun(sweepID:agent:now:heartbeatGrace:maxRetries:countLimit:prepare:propose:lockHeld:)``).
    ///
    /// A proposal prepared again after a collision draws from a stream of its own, so agents
    /// that shared a snapshot stop proposing the same config; the first preparation keeps the
    /// sweep's own stream, so one agent's sweep is reproducible. A prepared config is stale
    /// when it repeats (within 1e-6 in the unit cube) a run claimed since its snapshot. After
    /// ``Tracking/RunStore/maxPrepareAttempts`` collisions the claim takes a random config
    /// (``fallback(_:)``) rather than fit the model inside the lock.
    public func claim(
        store: RunStore, sweepID: Int64, agent: AgentIdentity, now: Double, heartbeatGrace: Double,
        maxRetries: Int, countLimit: Int?, lockHeld: ((Double) -> Void)? = nil
    ) throws -> ClaimOutcome {
        var preparations = 0
        var snapshotNumber = 0
        return try store.claimRun(
            sweepID: sweepID, agent: agent, now: now, heartbeatGrace: heartbeatGrace, maxRetries: maxRetries,
            countLimit: countLimit,
            prepare: preparesOutsideTheLock
                ? { history in
                    preparations += 1
                    snapshotNumber = history.nextNumber
                    return propose(history, salt: preparations > 1 ? "\(agentID).\(preparations)" : nil)
                } : nil,
            propose: { history, prepared in
                // No prepared proposal: the last attempt after collisions (or the snapshot's
                // retry was taken meanwhile). A model fit would hold the lock for hundreds of
                // milliseconds, so this claim takes a random point of the space instead.
                guard let prepared else { return preparesOutsideTheLock ? fallback(history) : propose(history) }
                let since = history.runs.filter { $0.number >= snapshotNumber }
                return Self.repeats(prepared, of: since, in: spec) ? StaleProposal.marker : prepared
            },
            // Inside the lock, random needs only the run number, and a prepared proposal only
            // the runs since its snapshot; a grid's first free point (or a model fitted in the
            // lock) needs every run.
            fullHistory: spec.method != .random && !preparesOutsideTheLock, lockHeld: lockHeld)
    }

    /// The next config for `history`, as JSON (nil: nothing left), from the sweep's stream or,
    /// with `salt`, from one of its own.
    public func propose(_ history: ClaimHistory, salt: String? = nil) -> String? {
        var spec = spec
        if let salt {
            var rng = SeededGenerator(seed: spec.seed, stream: "claim.\(salt)")
            spec.seed = rng.next()
        }
        // Random search is a function of the run number: no need to decode the history.
        if spec.method == .random {
            return Sampling.nextConfig(spec: spec, runNumber: history.nextNumber, taken: []).map(ConfigCoding.encode)
        }
        let trials = history.runs.compactMap { run in
            ConfigCoding.decode(run.configJSON).map {
                Trial(
                    config: $0, state: TrialState(rawValue: run.state.rawValue) ?? .failed,
                    metric: run.summaryMetric)
            }
        }
        return Sampling.nextConfig(spec: spec, runNumber: history.nextNumber, history: trials)
            .map(ConfigCoding.encode)
    }

    /// Whether config `json` is (within 1e-6 in the unit cube) the config of one of `runs`.
    /// A random config for the next run, from a stream of this agent's own: what a claim takes
    /// when its prepared proposals kept colliding with other agents' claims.
    func fallback(_ history: ClaimHistory) -> String? {
        var spec = spec
        spec.method = .random
        var rng = SeededGenerator(seed: spec.seed, stream: "claim.fallback.\(agentID)")
        spec.seed = rng.next()
        return Sampling.nextConfig(spec: spec, runNumber: history.nextNumber, taken: []).map(ConfigCoding.encode)
    }

    static func repeats(_ json: String, of runs: [RunRecord], in spec: SweepSpec) -> Bool {
        if runs.contains(where: { $0.configJSON == json }) { return true }
        let space = SearchSpace(spec)
        guard let config = ConfigCoding.decode(json), let point = space.point(for: config) else { return false }
        return runs.contains { run in
            guard let other = ConfigCoding.decode(run.configJSON).flatMap(space.point(for:)) else { return false }
            return zip(point, other).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() <= 1e-6
        }
    }
}
