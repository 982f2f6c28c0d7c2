import Agents
import Core
import Foundation
import Search
import Synchronization
import Tracking

/// `mfbench claims`: claims per second and the claim transaction's lock-hold time (p50, p99) on a
/// SQLite store and, with `--postgres URL`, on PostgreSQL (a new schema per case), for `random`
/// and `bayes` on hartmann6 with `--history` finished runs, and for 1, 4 and 16 agents
/// (`--agents`), each a thread with its own store (its own connections) claiming `--claims` runs
/// and finishing each at once with the function's value. `--in-lock` proposes inside the write
/// transaction, as before issue 13.
func benchmarkClaims(_ args: Arguments) throws {
    print(
        "store     method  agents  claims/s  lock p50 ms  lock p99 ms  (history \(args.history), \(args.claimsPerAgent) claims per agent)"
    )
    for backend in ["sqlite"] + (args.postgres == nil ? [] : ["postgres"]) {
        try benchmarkClaims(args, backend: backend)
    }
}

private func benchmarkClaims(_ args: Arguments, backend: String) throws {
    let agentCounts = args.agentCounts
    let history = args.history
    let claims = args.claimsPerAgent
    for method in [SearchMethod.random, .bayes] {
        for agents in agentCounts {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mfbench-claims-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            let schema = "mfbench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let path =
                backend == "postgres"
                ? args.postgres! + (args.postgres!.contains("?") ? "&" : "?") + "schema=\(schema)"
                : folder.appendingPathComponent("Runs/mfsweep.sqlite").path
            let function = BenchmarkFunctions.hartmann6
            let spec = function.sweepSpec(method: method, seed: 0)
            let store = try RunStore(path: path)
            let (sweep, _) = try store.createOrResumeSweep(
                name: "claims", specJSON: #"{"method":"\#(method.rawValue)"}"#, fingerprint: "fp", now: 0)
            // The history: finished runs of random configs.
            for n in 1...history {
                let config = Sampling.nextConfig(
                    spec: function.sweepSpec(method: .random, seed: 0), runNumber: n, taken: [])!
                let outcome = try store.claimRun(
                    sweepID: sweep.id, agent: AgentIdentity(id: "fill", host: "h", pid: 1), now: 0,
                    heartbeatGrace: 1e9, maxRetries: 0, countLimit: nil, propose: { _ in ConfigCoding.encode(config) })
                guard case .claimed(let run) = outcome else { fail("fill claim: \(outcome)") }
                try store.finishRun(
                    runID: run.id, agent: AgentIdentity(id: "fill", host: "h", pid: 1), state: .finished,
                    summaryMetric: function.value(config), folds: [], error: nil, steps: 1, seconds: 0, now: 0)
            }
            let held = Mutex<[Double]>([])
            let clock = ContinuousClock()
            let start = clock.now
            DispatchQueue.concurrentPerform(iterations: agents) { a in
                do {
                    let mine = try RunStore(path: path)
                    let agent = AgentIdentity(id: "agent-\(a)", host: "h", pid: Int32(100 + a))
                    // The agent's own claim: bayes prepares outside the lock unless --in-lock.
                    let proposer = SweepProposer(
                        spec: spec, agentID: agent.id, preparesOutsideTheLock: method == .bayes && !args.inLock)
                    for _ in 0..<claims {
                        let outcome = try proposer.claim(
                            store: mine, sweepID: sweep.id, agent: agent, now: 1, heartbeatGrace: 1e9, maxRetries: 0,
                            countLimit: nil, lockHeld: { s in held.withLock { $0.append(s) } })
                        guard case .claimed(let run) = outcome else { fail("claim: \(outcome)") }
                        let value = ConfigCoding.decode(run.configJSON).flatMap(function.value)
                        try mine.finishRun(
                            runID: run.id, agent: agent, state: .finished, summaryMetric: value, folds: [],
                            error: nil, steps: 1, seconds: 0, now: 2)
                    }
                } catch {
                    fail("agent \(a): \(error)")
                }
            }
            let seconds = start.duration(to: clock.now).inSeconds
            let times = held.withLock { $0 }
            let row = String(
                format: "%-8@  %-6@  %6d  %8.1f  %11.2f  %11.2f", backend as NSString, method.rawValue as NSString,
                agents,
                Double(agents * claims) / seconds, quantile(times, 0.5) * 1000, quantile(times, 0.99) * 1000)
            print(row)
        }
    }
}
