import Core
import Factorization
import Foundation
import Ratings
import Search
import Synchronization
import Tracking

/// The agent loop: claim a run → train it → log metrics in batches → finish it, until the
/// sweep reaches its count, its grid is exhausted, this agent's `count` is done, or a stop
/// is requested (SIGINT/SIGTERM: the current run is flushed and marked `stopped`).
///
/// Agents are separate processes sharing one store; the claim is one write transaction, so two
/// agents never share a run number or a grid point, and a run whose agent died (no heartbeat
/// for the grace period) is marked `crashed` by the next claim and its config retried.
public final class Agent {
    /// What one agent did.
    public struct Summary: Sendable, Equatable {
        /// Runs this agent trained to the end (finished or failed).
        public var completed: Int
        /// Whether it stopped on request.
        public var stopped: Bool
        /// Why the loop ended.
        public var reason: String
    }

    let options: AgentOptions
    let store: RunStore
    let sweep: SweepRecord
    let spec: SweepSpec
    let identity: AgentIdentity
    let log: (String) -> Void
    private var data: LoadedRatings?
    /// The sweep's side features, when it asks for some.
    private var features: LoadedSideFeatures?
    /// The state and error of the last run this agent finished.
    private var lastEnd: (state: RunState, error: String?)?

    /// Opens the store and the sweep. Throws a ``StoreError`` naming what is missing.
    public init(options: AgentOptions, log: @escaping (String) -> Void = { _ in }) throws {
        self.options = options
        self.log = log
        store = try RunStore.existing(at: options.storePath)
        sweep = try store.sweep(options.sweep)
        spec = try StoredSweep.decode(sweep.specJSON, sweep: sweep.name)
        identity = AgentIdentity(
            id: options.agentID, host: HostName.current,
            pid: ProcessInfo.processInfo.processIdentifier)
    }

    /// Runs the loop until there is nothing left to do.
    public func run() throws -> Summary {
        // Whatever goes wrong once the loop runs is a failure of the work (exit 1).
        try FailedWork.during { try loop() }
    }

    private func loop() throws -> Summary {
        var completed = 0
        // Failures before the first run that did not fail (nil once one has not).
        var initialFailures: Int? = 0
        // How long to wait before looking again at runs other agents still run.
        var waitForOthers = 0.05
        if !spec.runsCommand {
            let loaded = try SweepData.load(
                spec, of: sweep, cache: StoreLocation.ratingsCache(store: options.storePath))
            data = loaded
            features = try SweepData.features(spec, of: loaded)
        }
        while options.count.map({ completed < $0 }) ?? true {
            if StopSignal.isRequested { return Summary(completed: completed, stopped: true, reason: "stopped") }
            let outcome = try SweepProposer(spec: spec, agentID: identity.id).claim(
                store: store, sweepID: sweep.id, agent: identity, now: Self.now(),
                heartbeatGrace: options.heartbeatGrace, maxRetries: options.maxRetries,
                countLimit: Self.countLimit(spec))
            switch outcome {
            case .claimed(let run):
                waitForOthers = 0.05
                lastEnd = nil
                let stopped = try execute(run)
                if stopped { return Summary(completed: completed, stopped: true, reason: "stopped") }
                completed += 1
                if let failures = initialFailures, let end = lastEnd {
                    initialFailures = end.state == .failed ? failures + 1 : nil
                    if let n = initialFailures, options.maxInitialFailures > 0, n >= options.maxInitialFailures {
                        throw SweepError.initialFailures(sweep: sweep.name, runs: n, lastError: end.error ?? "failed")
                    }
                }
            case .limitReached, .exhausted:
                // Runs still `running` may belong to an agent that died: wait for them to
                // finish or to pass the grace period (then the next claim retries them).
                // Backing off from 50 ms: the last runs of a fast sweep end within moments, a
                // long run's agent may take hours, and idle agents should not load the store.
                if try store.counts(sweepID: sweep.id)[.running, default: 0] > 0 {
                    Thread.sleep(forTimeInterval: waitForOthers)
                    waitForOthers = min(waitForOthers * 2, min(2, max(0.2, options.heartbeatGrace / 4)))
                    continue
                }
                try store.setSweepState(sweepID: sweep.id, state: .finished)
                let reason = outcome == .limitReached ? "the sweep reached its count" : "the search space is exhausted"
                return Summary(completed: completed, stopped: false, reason: reason)
            }
        }
        return Summary(completed: completed, stopped: false, reason: "this agent's count is done")
    }

    /// The sweep's limit on counted runs: the smaller of `count` and `run_cap`.
    static func countLimit(_ spec: SweepSpec) -> Int? {
        switch (spec.count, spec.runCap) {
        case (let c?, let r?): min(c, r)
        case (let c?, nil): c
        case (nil, let r?): r
        case (nil, nil): nil
        }
    }

    static func now() -> Double { Date().timeIntervalSince1970 }

    /// Trains one claimed run and records its end. Returns true when it was stopped.
    private func execute(_ run: RunRecord) throws -> Bool {
        log("run \(run.number): \(run.configJSON)")
        let store = self.store
        let runID = run.id
        let lost = LostRun()
        let heartbeat = Heartbeat(interval: options.heartbeatInterval) {
            // False: another agent marked the run crashed (this one was stalled past the
            // grace); its config is being retried, so stop training it.
            if (try? store.heartbeat(runID: runID, now: Agent.now())) == false { lost.mark() }
        }
        defer { heartbeat.stop() }
        guard let config = ConfigCoding.decode(run.configJSON) else {
            try finish(run, .failed, error: "unreadable config \(run.configJSON)")
            return false
        }
        if spec.runsCommand {
            return try executeCommand(run, config, lost: lost)
        }
        var h: Hyperparameters
        do {
            h = try Hyperparameters(config)
        } catch {
            try finish(run, .failed, error: "\(error)")
            return false
        }
        let validation = spec.validation ?? .defaultFor(h)
        h.numFolds = validation.foldCount
        let session = TrainingSession(
            table: data!.table, hyperparameters: h, validation: validation, seed: spec.seed,
            threads: options.threads, features: features?.features)
        let buffer = MetricBuffer(store: store)
        let monitor = spec.earlyTerminate.map {
            PruningMonitor(
                rule: $0, spec: spec, store: store, sweepID: sweep.id, runNumber: run.number,
                foldCount: validation.foldCount)
        }
        var logError: (any Error)?
        let outcome: TrainingSession.Outcome
        do {
            outcome = try session.run(
                logEvery: h.logInterval(usual: options.logEvery),
                onLog: { step in
                    let rows = step.metrics.map {
                        MetricRecord(runID: runID, step: step.step, fold: $0.fold, name: $0.name, value: $0.value)
                    }
                    do { try buffer.append(rows) } catch { logError = error }
                    monitor?.observe(step)
                },
                shouldStop: { StopSignal.isRequested || monitor?.decision != nil || lost.isMarked })
        } catch {
            try buffer.flush()
            try finish(run, .failed, error: "\(error)")
            return false
        }
        try buffer.flush()
        if let logError { throw logError }
        let result = outcome.result
        let stepsDone = result.folds.map(\.steps).max() ?? 0
        let folds = result.folds.map {
            FoldResultRecord(
                runID: runID, fold: $0.fold, trainOMSE: $0.trainOMSE, testOMSE: $0.testOMSE,
                steps: $0.steps, diverged: $0.diverged)
        }
        if let decision = monitor?.decision, stepsDone < h.steps, result.diverged == nil {
            try finish(
                run, .pruned, summary: result.summaryValue(of: spec.metric.name), folds: folds,
                error: decision.reason, steps: stepsDone, seconds: outcome.seconds)
            log("run \(run.number): \(decision.reason)")
            return false
        }
        if StopSignal.isRequested && stepsDone < h.steps && result.diverged == nil {
            try finish(
                run, .stopped, folds: folds, error: "stopped at step \(stepsDone)", steps: stepsDone,
                seconds: outcome.seconds)
            return true
        }
        let state: RunState = result.diverged == nil ? .finished : .failed
        try finish(
            run, state, summary: result.summaryValue(of: spec.metric.name), folds: folds,
            error: result.diverged, steps: stepsDone, seconds: outcome.seconds)
        log(
            "run \(run.number): \(state.rawValue) \(spec.metric.name) = \(result.summaryValue(of: spec.metric.name).map { "\($0)" } ?? "-")"
        )
        return false
    }

    /// Runs a command sweep's program for one run. When the run is taken over (`lost`), the
    /// program is stopped like a stopped run, its result is dropped, and the agent goes on.
    private func executeCommand(_ run: RunRecord, _ config: [String: ParameterValue], lost: LostRun) throws -> Bool {
        let template = CommandTemplate(program: spec.program, command: spec.command)
        let trial = CommandTrial(arguments: template.arguments(for: config), directory: spec.baseDirectory)
        let buffer = MetricBuffer(store: store)
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: CommandTrial.Outcome
        do {
            outcome = try trial.run(
                shouldStop: { StopSignal.isRequested || lost.isMarked },
                onMetrics: { metrics in
                    try? buffer.append(
                        metrics.map {
                            MetricRecord(runID: run.id, step: $0.step, name: $0.name, value: $0.value)
                        })
                })
        } catch {
            try finish(run, .failed, error: "\(error)")
            return false
        }
        try buffer.flush()
        let seconds = start.duration(to: clock.now).inSeconds
        if lost.isMarked {
            log(
                "run \(run.number) was marked crashed by another agent while this one was stalled; its program was stopped and its result dropped (the config is retried)"
            )
            return false
        }
        if outcome.stopped {
            try finish(run, .stopped, error: "stopped", steps: outcome.steps, seconds: seconds)
            return true
        }
        let summary = outcome.lastValues[spec.metric.name]
        if let reason = outcome.outputError {
            try finish(run, .failed, summary: summary, error: reason, steps: outcome.steps, seconds: seconds)
        } else if outcome.exitStatus == 0 {
            // A run without the sweep's metric has no result to rank: it did not do its work.
            guard summary != nil else {
                let reason = "metric '\(spec.metric.name)' never reported"
                try finish(run, .failed, error: reason, steps: outcome.steps, seconds: seconds)
                return false
            }
            try finish(run, .finished, summary: summary, steps: outcome.steps, seconds: seconds)
        } else {
            let reason =
                (outcome.signal.map { "killed by signal \($0)" } ?? "exit status \(outcome.exitStatus ?? -1)")
                + (outcome.stderrTail.isEmpty ? "" : ": \(outcome.stderrTail)")
            try finish(run, .failed, summary: summary, error: reason, steps: outcome.steps, seconds: seconds)
        }
        return false
    }

    /// Records the end of `run`. A non-finite summary is stored as none. If another agent has
    /// meanwhile marked the run crashed (and retries it), the result is dropped with a log line
    /// rather than failing this agent.
    private func finish(
        _ run: RunRecord, _ state: RunState, summary: Double? = nil, folds: [FoldResultRecord] = [],
        error: String? = nil, steps: Int? = nil, seconds: Double? = nil
    ) throws {
        do {
            try store.finishRun(
                runID: run.id, agent: identity, state: state, summaryMetric: summary.flatMap { $0.isFinite ? $0 : nil },
                folds: folds, error: error, steps: steps, seconds: seconds, now: Self.now())
            lastEnd = (state, error)
        } catch StoreError.runNotRunning {
            log(
                "run \(run.number) was marked crashed by another agent while this one was stalled; its result is dropped (the config is retried)"
            )
        }
    }
}

/// Set by the heartbeat when the store says the run is no longer this agent's.
final class LostRun: Sendable {
    private let flag = Atomic<Bool>(false)
    func mark() { flag.store(true, ordering: .relaxed) }
    var isMarked: Bool { flag.load(ordering: .relaxed) }
}
