import Foundation
import TestSupport
import Testing
import Tracking

/// Eight agents, each a thread with its own store (its own SQLite connections) on one file:
/// the stand-in, inside one test process, for eight agent processes.
@Suite struct RunStoreConcurrencyTests {
    @Test(arguments: StoreKind.shared)
    func eightStoresOnOneFileClaimEightyDistinctRuns(kind: StoreKind) throws {
        try withStoreLocation(kind) { path in try eightStoresClaimEightyDistinctRuns(path: path) }
    }

    private func eightStoresClaimEightyDistinctRuns(path: String) throws {
        let results = LockedResults()
        let start = Date()

        let threads = (0..<8).map { index in
            Thread {
                do {
                    // Each agent opens (and migrates) the brand-new file at the same time.
                    let store = try RunStore(path: path)
                    let agent = AgentIdentity(
                        id: "agent-\(index)", host: "localhost", pid: Int32(index))
                    let (sweep, _) = try store.createOrResumeSweep(
                        name: "concurrent", specJSON: "{}", fingerprint: "fp", now: 0)
                    while true {
                        let now = Date().timeIntervalSince(start)
                        let outcome = try store.claimRun(
                            sweepID: sweep.id, agent: agent, now: now, heartbeatGrace: 3600,
                            maxRetries: 1, countLimit: 80, propose: numberedConfig)
                        guard case .claimed(let run) = outcome else { break }
                        #expect(run.configJSON == #"{"n":\#(run.number)}"#)
                        try store.appendMetrics(
                            (0..<10).map {
                                MetricRecord(
                                    runID: run.id, step: $0, name: "loss", value: Double($0))
                            })
                        try store.heartbeat(runID: run.id, now: now)
                        try store.finishRun(
                            runID: run.id, agent: agent, state: .finished,
                            summaryMetric: Double(run.number), folds: [], error: nil, steps: 10,
                            seconds: 0, now: now)
                        results.add(number: run.number)
                    }
                } catch {
                    results.add(error: error)
                }
                results.threadDone()
            }
        }
        for thread in threads { thread.start() }
        results.waitForThreads(8)

        #expect(results.errors.isEmpty, "errors: \(results.errors)")
        #expect(results.numbers.sorted() == Array(1...80))
        let store = try RunStore(path: path)
        let sweep = try #require(try store.sweep(named: "concurrent"))
        #expect(try store.counts(sweepID: sweep.id)[.finished] == 80)
        #expect(
            try store.runs(sweepID: sweep.id).allSatisfy {
                try store.metrics(runID: $0.id).count == 10
            })
        #expect(try store.integrityCheck() == "ok")
    }
}

/// The threads' findings, guarded by a lock.
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition`
/// is locked.
private final class LockedResults: @unchecked Sendable {
    private let condition = NSCondition()
    private var _numbers: [Int] = []
    private var _errors: [String] = []
    private var finishedThreads = 0

    var numbers: [Int] { locked { _numbers } }
    var errors: [String] { locked { _errors } }

    func add(number: Int) { locked { _numbers.append(number) } }
    func add(error: any Error) { locked { _errors.append(String(describing: error)) } }

    func threadDone() {
        locked {
            finishedThreads += 1
            condition.broadcast()
        }
    }

    func waitForThreads(_ count: Int) {
        locked {
            while finishedThreads < count { condition.wait() }
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}
