import Foundation
import TestSupport
import Testing
import Tracking

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Agents killed at random while they work: a 300-run `command` sweep of a trivial program,
/// run by agent processes each with its own host identity, while a killer sends SIGKILL every
/// ~2 s to the agent of a random running run and starts a replacement. Nothing finished may be
/// lost and nothing counted twice, on either backend.
@Suite("chaos: agents killed with SIGKILL every ~2 s", .serialized)
struct ChaosTests {
    /// A backend and how many agents run on it at once.
    enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case sqlite, postgres

        var agents: Int { self == .sqlite ? 8 : 16 }
        var testDescription: String { "\(rawValue), \(agents) agents" }

        static var testable: [Backend] { TestPostgres.isConfigured ? [.sqlite, .postgres] : [.sqlite] }
    }

    static let runs = 300

    @Test(arguments: Backend.testable)
    // Synchronous on purpose: the killer holds its own thread, so it keeps its ~2 s rhythm even
    // when other tests fill Swift concurrency's few threads.
    func killedAgentsLoseNothingAndCountNothingTwice(backend: Backend) throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let store =
            backend == .sqlite
            ? dir.url("store.sqlite") : try #require(TestPostgres.freshStoreURL(), "\(TestPostgres.skipMessage)")
        let script = try dir.write(
            "trivial.sh",
            """
            echo '{"step": 1, "loss": 0.9}'
            sleep 0.3
            echo '{"step": 2, "loss": 0.8}'
            sleep 0.3
            echo '{"step": 3, "loss": 0.7}'

            """)
        let file = try dir.write(
            "chaos.json",
            #"{"name": "chaos", "method": "random", "count": \#(Self.runs), "command": ["/bin/sh", "\#(script)"], "#
                + #""metric": {"name": "loss"}, "parameters": {"x": {"min": 0, "max": 1}}}"#)
        let sweep = try SweepFixture.create(file: file, store: store)
        let runStore = try RunStore(path: store)

        var started = 0
        func startAgent() throws -> BackgroundCLI {
            started += 1
            return try BackgroundCLI(
                SweepFixture.agent(
                    "chaos", store: store,
                    ["--heartbeat-interval", "0.5", "--heartbeat-grace", "5", "--retries", "50"]),
                environment: ["MFSWEEP_HOST": "chaos-host-\(started)"])
        }
        var live = try (0..<backend.agents).map { _ in try startAgent() }
        var killed: [BackgroundCLI] = []
        var finishedAgents: [CLIResult] = []
        let deadline = Date().addingTimeInterval(420)
        var nextKill = Date().addingTimeInterval(2)

        while !live.isEmpty && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            // Agents that exited on their own: the sweep is done for them.
            let ended = live.filter { !$0.isRunning }
            finishedAgents += ended.compactMap(\.exitedResult)
            live.removeAll { agent in ended.contains { $0 === agent } }
            let counts = try runStore.counts(sweepID: sweep.id)
            guard Date() >= nextKill, counts[.finished, default: 0] < Self.runs - 20 else { continue }
            nextKill = Date().addingTimeInterval(.random(in: 1.5...2.5))
            // The agent of a random running run, so each kill leaves a run to retry.
            let pids = Set(live.map(\.pid))
            let victims = try runStore.runs(sweepID: sweep.id).filter { $0.state == .running && pids.contains($0.pid) }
            guard let victim = victims.randomElement(), let index = live.firstIndex(where: { $0.pid == victim.pid })
            else { continue }
            live[index].send(SIGKILL)
            killed.append(live[index])
            live[index] = try startAgent()
        }
        #expect(live.isEmpty, "the sweep did not end within 420 s")
        for agent in live { agent.send(SIGKILL) }

        // A kill can land just after its agent exited on its own: that agent counts as ended.
        for agent in killed {
            _ = SweepFixture.holds(within: 10) { !agent.isRunning }
            if let result = agent.exitedResult, result.signal == nil { finishedAgents.append(result) }
        }
        let killedBySignal = killed.filter { $0.exitedResult?.signal == SIGKILL }.count
        let runs = try runStore.runs(sweepID: sweep.id)
        let counted = runs.filter(\.state.countsTowardLimit)
        let crashed = runs.filter { $0.state == .crashed }
        #expect(killedBySignal >= 3, "the killer killed \(killedBySignal) agents")
        // A kill leaves at most one crashed run (none if its run had just finished), and only
        // kills do: an agent that was not killed never loses its run.
        #expect(
            crashed.count >= 1 && crashed.count <= killedBySignal,
            "\(crashed.count) crashed for \(killedBySignal) kills")
        // Every run number once, in claim order; exactly the count counted, all finished.
        #expect(runs.map(\.number) == Array(1...runs.count))
        #expect(counted.count == Self.runs, "counted runs: \(counted.count)")
        #expect(counted.allSatisfy { $0.state == .finished }, "\(counted.filter { $0.state != .finished })")
        #expect(Set(runs.map(\.host)).count > backend.agents, "runs came from the replacements too")
        // Every crashed run retried: some run names it in retryOf.
        let retried = Set(runs.compactMap(\.retryOf))
        #expect(crashed.filter { !retried.contains($0.id) }.map(\.number) == [])
        // Every finished run's history complete, and nothing logged twice.
        for run in counted {
            let history = try runStore.metrics(runID: run.id).map { "\($0.step):\($0.name)" }
            #expect(history == ["1:loss", "2:loss", "3:loss"], "run \(run.number): \(history)")
        }
        // No agent that was not killed reported an error, and all exited 0.
        #expect(
            finishedAgents.count == backend.agents + killed.count - killedBySignal,
            "agents that ended on their own: \(finishedAgents.count)")
        for result in finishedAgents {
            #expect(result.exitCode == 0, "\(result)")
            let errors = result.stderrLines.filter { $0.lowercased().contains("error") }
            #expect(errors.isEmpty, "\(result)")
        }
        #expect(try runStore.problems(now: Date().timeIntervalSince1970, heartbeatGrace: 5).isEmpty)
    }
}
