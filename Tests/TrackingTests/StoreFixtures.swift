import Foundation
import TestSupport
import Testing
import Tracking

/// The kinds of store every behaviour is tested on: SQLite in memory and on disk, and
/// PostgreSQL when `$MFSWEEP_TEST_POSTGRES` names a server (``TestPostgres``).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemoryQueue, onDiskPool, postgres

    /// The kinds to test: PostgreSQL only when a server is configured.
    static var allCases: [StoreKind] {
        TestPostgres.isConfigured ? [.inMemoryQueue, .onDiskPool, .postgres] : [.inMemoryQueue, .onDiskPool]
    }

    /// The kinds whose stores several connections can open (not the in-memory one).
    static var shared: [StoreKind] { allCases.filter { $0 != .inMemoryQueue } }

    var testDescription: String { rawValue }
}

/// Runs `body` with a new store of `kind`, then deletes its files.
func withStore(_ kind: StoreKind, _ body: (RunStore) throws -> Void) throws {
    switch kind {
    case .inMemoryQueue:
        try body(RunStore.inMemory())
    case .onDiskPool, .postgres:
        try withStoreLocation(kind) { location in try body(RunStore(path: location)) }
    }
}

/// Runs `body` with the location of a new store of `kind` that several connections can open:
/// a file in a new folder, or a new PostgreSQL schema.
func withStoreLocation(_ kind: StoreKind, _ body: (String) throws -> Void) throws {
    switch kind {
    case .inMemoryQueue:
        preconditionFailure("an in-memory store has no location")
    case .onDiskPool:
        let folder = try TempDirectory()
        defer { folder.remove() }
        try body(folder.path("Runs/mfsweep.sqlite"))
    case .postgres:
        try body(try #require(TestPostgres.freshStoreURL(), "\(TestPostgres.skipMessage)"))
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
