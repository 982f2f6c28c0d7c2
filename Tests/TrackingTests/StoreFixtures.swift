import Foundation
import TestSupport
import Testing
import Tracking

/// The two kinds of store every behaviour is tested on.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemoryQueue, onDiskPool

    var testDescription: String { rawValue }
}

/// Runs `body` with a new store of `kind`, then deletes its files.
func withStore(_ kind: StoreKind, _ body: (RunStore) throws -> Void) throws {
    switch kind {
    case .inMemoryQueue:
        try body(RunStore.inMemory())
    case .onDiskPool:
        let folder = try TempDirectory()
        defer { folder.remove() }
        try body(RunStore(path: folder.path("Runs/mfsweep.sqlite")))
    }
}

let agentA = AgentIdentity(id: "agent-a", host: "host-1", pid: 101)
let agentB = AgentIdentity(id: "agent-b", host: "host-2", pid: 202)

/// A config derived from the run number, as a seeded sampler would give.
func numberedConfig(_ history: ClaimHistory) -> String? { #"{"n":\#(history.nextNumber)}"# }

extension RunStore {
    /// Creates a sweep with a fixed spec and returns it.
    func makeSweep(_ name: String = "sweep", now: Double = 0) throws -> SweepRecord {
        try createOrResumeSweep(
            name: name, specJSON: #"{"method":"grid"}"#, fingerprint: "fp", now: now
        ).0
    }

    /// Claims with the tests' defaults: grace 30 s, one retry, no limit, numbered configs.
    func claim(
        _ sweep: SweepRecord, by agent: AgentIdentity = agentA, at now: Double,
        maxRetries: Int = 1, countLimit: Int? = nil,
        propose: (ClaimHistory) throws -> String? = numberedConfig
    ) throws -> ClaimOutcome {
        try claimRun(
            sweepID: sweep.id, agent: agent, now: now, heartbeatGrace: 30, maxRetries: maxRetries,
            countLimit: countLimit, propose: propose)
    }

    /// Claims and expects a run.
    func claimed(
        _ sweep: SweepRecord, by agent: AgentIdentity = agentA, at now: Double, maxRetries: Int = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RunRecord {
        let outcome = try claim(sweep, by: agent, at: now, maxRetries: maxRetries)
        return try #require(
            outcome.run, "expected a claimed run, got \(outcome)", sourceLocation: sourceLocation)
    }

    /// Finishes a run as `finished` with no folds.
    func finish(
        _ run: RunRecord, by agent: AgentIdentity = agentA, state: RunState = .finished,
        at now: Double
    ) throws {
        try finishRun(
            runID: run.id, agent: agent, state: state, summaryMetric: 0.5, folds: [], error: nil,
            steps: 10, seconds: 1, now: now)
    }
}
