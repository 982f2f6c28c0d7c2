import Core
import Factorization
import Foundation
import Search
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

/// Sweeps end to end: `mfsweep launch` and `mfsweep agent` processes on one SQLite store, read
/// back through `RunStore` and `mfsweep runs --format json` (in-process, like the other reading
/// commands). Every test has its own store and shares nothing else with the others, so these
/// suites run alongside the rest of the tests (a test waiting for its processes holds no
/// thread).
@Suite("sweeps: launch end to end")
struct SweepLaunchTests {
    // MARK: - Two agents

    @Test("two agents finish a 20-run random sweep: runs 1…20 finished, full history per fold, integrity ok")
    func twoAgentsTwentyRuns() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        // Data large enough that 20 runs take about a second: the second agent must be up
        // before the first has done them all, even on a loaded machine.
        let file = try dir.write(
            "two.json",
            SweepFixture.json(
                name: "two", count: 20, users: 300, items: 200, density: 0.3,
                parameters: SweepFixture.smallRandomParameters))
        let storePath = dir.url("runs/store.sqlite")

        let launch = try await CLIRunner.run(["launch", file, "--agents", "2", "--store", storePath], timeout: 180)
        #expect(launch.exitCode == 0, "\(launch)")
        #expect(launch.stdout.contains("runs    20: 20 finished"), "\(launch)")
        // Standard error is a file, not a terminal: whole progress lines, no \r, ending with the final count.
        #expect(!launch.stderr.contains("\r") && !launch.stderr.contains("\u{1B}"), "\(launch)")
        #expect(
            launch.stderrLines.last?.hasPrefix("20/20 finished, 0 running  best test_rmse_mean ") == true, "\(launch)")

        let store = try RunStore(path: storePath)
        let sweep = try #require(try store.sweep(named: "two"))
        let runs = try store.runs(sweepID: sweep.id)
        #expect(runs.map(\.number) == Array(1...20))
        #expect(runs.filter { $0.state != .finished }.map { "\($0.number): \($0.state)" } == [])
        #expect(Set(runs.map(\.agentID)).count == 2, "both agents should have trained runs")
        #expect(Set(runs.map(\.configJSON)).count > 1, "random configs should differ")

        for run in runs {
            #expect(run.steps == 200, "run \(run.number)")
            #expect(run.summaryMetric?.isFinite == true, "run \(run.number) has no summary metric")
            let metrics = try store.metrics(runID: run.id)
            let byFold = Dictionary(grouping: metrics, by: \.fold)
            #expect(
                Set(byFold.keys) == [0, 1, nil],
                "run \(run.number): folds \(byFold.keys.map { "\($0.map(String.init) ?? "all")" })")
            for (fold, rows) in byFold {
                // Logged from the first step to the last: the history is complete.
                #expect(rows.map(\.step).min() == 0, "run \(run.number) fold \(fold.map(String.init) ?? "all")")
                #expect(rows.map(\.step).max() == 199, "run \(run.number) fold \(fold.map(String.init) ?? "all")")
            }
            let folds = try store.foldResults(runID: run.id)
            #expect(folds.map(\.fold) == [0, 1], "run \(run.number)")
            for fold in folds {
                #expect(fold.steps == 200 && fold.diverged == nil, "run \(run.number): \(fold)")
                #expect(
                    fold.testOMSE?.isFinite == true && fold.trainOMSE?.isFinite == true, "run \(run.number): \(fold)")
            }
        }
        #expect(try store.integrityCheck() == "ok")

        // The CLI's view agrees with the store: one document, or JSON Lines with the same runs.
        let lines = try await SweepFixture.runLines("two", store: storePath)
        #expect(lines.map(\.number) == Array(1...20))
        #expect(try await SweepFixture.runJSONLines("two", store: storePath) == lines)
        for (line, run) in zip(lines, runs) {
            #expect(line.state == "finished" && line.metric == run.summaryMetric, "run \(line.number)")
            #expect(line.foldValues.count == 2, "run \(line.number): \(line.foldValues)")
            #expect(line.steps == 200 && line.error == nil && line.retryOf == nil, "run \(line.number)")
        }
        let status = try await CLI.run(["status", "--store", storePath])
        #expect(status.exitCode == 0 && status.stdout.contains("20 finished"), "\(status)")
        let report = try await CLI.run(["report", "two", "--store", storePath, "--format", "json"])
        #expect(report.exitCode == 0, "\(report)")
        let object = try report.jsonObject()
        #expect(object["method"] as? String == "random" && object["sweep"] as? String == "two", "\(report)")
        #expect((object["runs"] as? [Any])?.count == 20, "\(report)")
    }

    @Test("launch --heartbeat-grace shorter than the agents' default heartbeat interval still runs the sweep")
    func launchWithShortHeartbeatGrace() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let file = try dir.write(
            "grace.json", SweepFixture.json(name: "grace", count: 4, parameters: SweepFixture.smallRandomParameters))
        let storePath = dir.url("store.sqlite")
        let launch = try await CLIRunner.run(
            ["launch", file, "--agents", "2", "--heartbeat-grace", "3", "--store", storePath], timeout: 120)
        let store = try RunStore(path: storePath)
        let sweep = try #require(try store.sweep(named: "grace"))
        let states = try store.runs(sweepID: sweep.id).map(\.state)
        #expect(launch.exitCode == 0, "\(launch)")
        #expect(states == Array(repeating: .finished, count: 4))
    }

    @Test("agent --heartbeat-grace 2 alone runs (it beats every 2/3 s); with --heartbeat-interval 5 it is refused")
    func agentHeartbeatGraceAlone() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let file = try dir.write(
            "alone.json", SweepFixture.json(name: "alone", count: 2, parameters: SweepFixture.tinyRandomParameters))
        let storePath = dir.url("store.sqlite")
        _ = try SweepFixture.create(file: file, store: storePath)
        let refused = try await CLIRunner.run(
            SweepFixture.agent("alone", store: storePath, ["--heartbeat-grace", "2", "--heartbeat-interval", "5"]))
        #expect(
            refused.exitCode == 64 && refused.stderr.contains("must be shorter than --heartbeat-grace"), "\(refused)")
        let agent = try await CLIRunner.run(
            SweepFixture.agent("alone", store: storePath, ["--heartbeat-grace", "2"]), timeout: 120)
        #expect(agent.exitCode == 0 && SweepFixture.completedRuns(agent) == 2, "\(agent)")
    }

    @Test("launch --resume --count raises a finished sweep's count and continues its numbering")
    func resumeWithALargerCount() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let file = try dir.write(
            "more.json", SweepFixture.json(name: "more", count: 3, parameters: SweepFixture.smallRandomParameters))
        let storePath = dir.url("store.sqlite")
        let first = try await CLIRunner.run(["launch", file, "--agents", "1", "--store", storePath], timeout: 120)
        #expect(first.exitCode == 0, "\(first)")
        let again = try await CLIRunner.run(["launch", file, "--agents", "1", "--store", storePath], timeout: 120)
        #expect(again.exitCode == 0 && again.stdout.contains("runs    3: 3 finished"), "\(again)")
        let more = try await CLIRunner.run(
            ["launch", file, "--resume", "--count", "5", "--agents", "2", "--store", storePath], timeout: 120)
        #expect(more.exitCode == 0, "\(more)")
        #expect(more.stdout.contains("runs    5: 5 finished"), "\(more)")
        let store = try RunStore(path: storePath)
        let sweep = try #require(try store.sweep(named: "more"))
        #expect(try store.runs(sweepID: sweep.id).map(\.number) == [1, 2, 3, 4, 5])
        #expect(sweep.state == .finished)
    }
}

/// Eight agent processes at once on one store (each test its own store: the stores' busy
/// timeout, not the tests' order, is what keeps eight writers from failing).
@Suite("sweeps: eight agents on one store")
struct EightAgentTests {
    // MARK: - Eight agents on one store

    @Test("eight agent processes at once on one store: no lock failures, run numbers 1…40 each once")
    func eightAgentsRandom() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let file = try dir.write(
            "eight.json",
            SweepFixture.json(name: "eight", count: 40, parameters: SweepFixture.tinyRandomParameters))
        let storePath = dir.url("store.sqlite")
        let sweep = try SweepFixture.create(file: file, store: storePath)

        let agents = try (0..<8).map { _ in try BackgroundCLI(SweepFixture.agent("eight", store: storePath)) }
        var results: [CLIResult] = []
        for agent in agents { results.append(try await agent.wait(timeout: 180)) }
        for result in results {
            #expect(result.exitCode == 0, "\(result)")
            #expect(!result.stderr.lowercased().contains("locked"), "\(result)")
            #expect(!result.stderr.lowercased().contains("error"), "\(result)")
        }
        let completed = results.compactMap(SweepFixture.completedRuns)
        #expect(completed.count == 8, "every agent reports its runs: \(results)")
        #expect(completed.reduce(0, +) == 40, "runs per agent: \(completed)")

        let store = try RunStore(path: storePath)
        let runs = try store.runs(sweepID: sweep.id)
        #expect(runs.map(\.number) == Array(1...40))
        #expect(Set(runs.map(\.number)).count == runs.count)
        #expect(runs.filter { $0.state != .finished }.map { "\($0.number): \($0.state)" } == [])
        #expect(Set(runs.map(\.agentID)).count > 1, "several agents should have claimed runs")
        for run in runs {
            #expect(try store.foldResults(runID: run.id).count == 2, "run \(run.number)")
        }
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("a 4×5 grid with eight agents: each grid point exactly once, then the grid is exhausted")
    func eightAgentsGrid() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let embDims = [2, 3, 4, 5]
        let alphas = [0.01, 0.02, 0.03, 0.04, 0.05]
        let file = try dir.write(
            "grid.json",
            SweepFixture.json(
                name: "grid", method: "grid",
                parameters: """
                    "emb_dim": {"values": \(embDims)},
                        "alpha": {"values": \(alphas)},
                        "steps": {"value": 60}
                    """))
        let storePath = dir.url("store.sqlite")

        let launch = try await CLIRunner.run(["launch", file, "--agents", "8", "--store", storePath], timeout: 180)
        #expect(launch.exitCode == 0, "\(launch)")
        #expect(!launch.stderr.lowercased().contains("locked"), "\(launch)")

        let store = try RunStore(path: storePath)
        let sweep = try #require(try store.sweep(named: "grid"))
        let runs = try store.runs(sweepID: sweep.id)
        #expect(runs.map(\.number) == Array(1...20))
        #expect(runs.filter { $0.state != .finished }.map { "\($0.number): \($0.state)" } == [])
        let points = try runs.map { run -> [ParameterValue] in
            let config = try JSONDecoder().decode([String: ParameterValue].self, from: Data(run.configJSON.utf8))
            #expect(config["steps"] == .int(60), "run \(run.number): \(run.configJSON)")
            return [config["emb_dim"] ?? .string("missing"), config["alpha"] ?? .string("missing")]
        }
        let expected = Set(embDims.flatMap { e in alphas.map { a in [ParameterValue.int(e), .double(a)] } })
        #expect(points.count == 20 && Set(points).count == 20, "a grid point ran twice: \(points)")
        #expect(Set(points) == expected)

        // One more agent finds nothing left to do.
        let extra = try await CLIRunner.run(SweepFixture.agent("grid", store: storePath), timeout: 60)
        #expect(extra.exitCode == 0, "\(extra)")
        #expect(extra.stderr.contains("0 runs; the search space is exhausted"), "\(extra)")
        #expect(try store.runs(sweepID: sweep.id).count == 20)
        #expect(try store.integrityCheck() == "ok")

        let sweepState = try store.sweep(named: "grid")?.state
        #expect(sweepState == .finished)
    }

    /// After 10 random start-up runs, eight agent processes claim runs 11…18 of a `bayes`
    /// sweep at once: each claim sees the earlier ones as running, so the kriging believer
    /// must send each agent somewhere else. Every config lies farther than 1e-6 (in the unit
    /// cube) from every other run's.
    @Test("eight agents on a bayes sweep past its start-up: eight distinct GP proposals in one round")
    func eightAgentsBayesDistinct() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let text = SweepFixture.json(
            name: "bayes8", method: "bayes", count: 18,
            parameters: #"""
                "alpha": {"distribution": "log_uniform_values", "min": 0.005, "max": 0.2},
                    "prior_std": {"min": 0.05, "max": 1.0},
                    "emb_dim": {"min": 2, "max": 8},
                    "steps": {"value": 60}
                """#)
        let file = try dir.write("bayes8.json", text)
        let storePath = dir.url("store.sqlite")
        let sweep = try SweepFixture.create(file: file, store: storePath)

        let startup = try await CLIRunner.run(
            SweepFixture.agent("bayes8", store: storePath, ["--count", "10"]), timeout: 120)
        #expect(startup.exitCode == 0, "\(startup)")
        let agents = try (0..<8).map { _ in
            try BackgroundCLI(SweepFixture.agent("bayes8", store: storePath, ["--count", "1"]))
        }
        var results: [CLIResult] = []
        for agent in agents { results.append(try await agent.wait(timeout: 180)) }
        for result in results { #expect(result.exitCode == 0, "\(result)") }

        let store = try RunStore(path: storePath)
        let runs = try store.runs(sweepID: sweep.id)
        #expect(runs.map(\.number) == Array(1...18))
        #expect(Set(runs.map(\.agentID)).count >= 5, "the round should be spread over the agents")
        let spec = try SweepFile.load(path: file)
        let space = SearchSpace(spec)
        let points = try runs.map { run -> [Double] in
            let config = try JSONDecoder().decode([String: ParameterValue].self, from: Data(run.configJSON.utf8))
            return try #require(space.point(for: config), "run \(run.number): \(run.configJSON)")
        }
        for i in 10..<18 {
            for j in 0..<i {
                let distance = zip(points[i], points[j]).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
                #expect(distance > 1e-6, "run \(i + 1) repeats run \(j + 1): \(points[i])")
            }
        }
    }
}

/// An agent killed or stopped mid-run. Each test catches its long run in the middle with
/// ``SweepFixture/catchWindow(_:timeout:watching:_:)``, holding its thread until then, so the
/// signal lands mid-run however busy the machine is; a test not yet running has not started
/// its agent either, so the tests need no order among themselves.
@Suite("sweeps: kill -9, SIGINT and SIGTERM")
struct AgentSignalTests {
    // MARK: - Crashes and stops

    /// A grid over `steps` (in the given order) on a bigger table, where 20 000 steps take
    /// seconds: long enough to kill or interrupt an agent in the middle of such a run, after
    /// its first metric batch (written every 2 s) is in the store.
    private static func longRunSweep(name: String, count: Int, steps: [Int]) -> String {
        SweepFixture.json(
            name: name, method: "grid", count: count, users: 400, items: 300, density: 0.1,
            parameters: #""emb_dim": {"value": 4}, "alpha": {"value": 0.02}, "steps": {"values": \#(steps)}"#)
    }

    @Test("kill -9 of an agent mid-run: the next claim marks the run crashed and retries its config")
    func killedAgentIsCrashedAndRetried() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let file = try dir.write("crash.json", Self.longRunSweep(name: "crash", count: 2, steps: [100, 20_000]))
        let storePath = dir.url("store.sqlite")
        let sweep = try SweepFixture.create(file: file, store: storePath)
        let store = try RunStore(path: storePath)

        let victim = try BackgroundCLI(SweepFixture.agent("crash", store: storePath, ["--heartbeat-interval", "0.5"]))
        let running = try SweepFixture.catchWindow("run 2 running with metric history", timeout: 120, watching: victim)
        { () throws -> RunRecord? in
            guard let run = try store.run(sweepID: sweep.id, number: 2), run.state == .running else { return nil }
            return try store.metrics(runID: run.id).isEmpty ? nil : run
        }
        // What finished before the kill.
        let finishedBefore = try store.runs(sweepID: sweep.id).filter { $0.state == .finished }
        #expect(finishedBefore.map(\.number) == [1])
        let historyBefore = try finishedBefore.map { try store.metrics(runID: $0.id) }
        let foldsBefore = try finishedBefore.map { try store.foldResults(runID: $0.id) }

        victim.send(SIGKILL)
        let killed = try await victim.wait(timeout: 30)
        #expect(killed.signal == SIGKILL, "\(killed)")
        let orphan = try #require(try store.run(id: running.id))
        #expect(orphan.state == .running, "nothing has noticed the kill yet")
        let partialHistory = try store.metrics(runID: running.id)
        #expect(!partialHistory.isEmpty)

        // Wait until the heartbeat is stale beyond the next agent's grace (2 s), with a margin.
        try await SweepFixture.waitFor("run 2's last heartbeat to be 3 s old", timeout: 30) {
            Date().timeIntervalSince1970 > orphan.lastSeenAt + 3 ? () : nil
        }
        let next = try await CLIRunner.run(
            SweepFixture.agent("crash", store: storePath, ["--heartbeat-grace", "2", "--heartbeat-interval", "0.5"]),
            timeout: 180)
        #expect(next.exitCode == 0, "\(next)")
        #expect(next.stderr.contains("1 runs; the sweep reached its count"), "\(next)")

        let runs = try store.runs(sweepID: sweep.id)
        #expect(runs.map(\.number) == [1, 2, 3])
        let crashed = try #require(runs.first { $0.number == 2 })
        #expect(crashed.state == .crashed)
        #expect(crashed.error?.contains("heartbeat") == true, "error: \(crashed.error ?? "nil")")
        #expect(crashed.error?.contains("pid \(victim.pid)") == true, "error: \(crashed.error ?? "nil")")
        let retry = try #require(runs.first { $0.number == 3 })
        #expect(retry.retryOf == crashed.id)
        #expect(retry.configJSON == crashed.configJSON)
        #expect(retry.state == .finished && retry.steps == 20_000, "\(retry)")
        #expect(runs.filter { $0.state != .crashed }.allSatisfy { $0.state == .finished })
        #expect(runs.count(where: { $0.state == .finished }) == 2, "the sweep's count")

        // History: what finished before the kill is untouched; the crashed run keeps its rows.
        for (index, run) in finishedBefore.enumerated() {
            #expect(try store.run(id: run.id) == run, "run \(run.number) changed")
            #expect(try store.metrics(runID: run.id) == historyBefore[index], "run \(run.number)'s history changed")
            #expect(try store.foldResults(runID: run.id) == foldsBefore[index], "run \(run.number)'s folds changed")
        }
        #expect(try store.metrics(runID: crashed.id) == partialHistory)
        #expect(try store.foldResults(runID: retry.id).map(\.steps) == [20_000, 20_000])
        #expect(try store.integrityCheck() == "ok")

        // The CLI's view.
        let lines = try await SweepFixture.runLines("crash", store: storePath)
        #expect(lines.map(\.state) == ["finished", "crashed", "finished"])
        #expect(lines.count == 3)
        if lines.count == 3 {
            #expect(lines[1].error?.contains("heartbeat") == true, "\(lines[1])")
            #expect(lines[2].retryOf == 2)
            #expect(lines[2].config == lines[1].config)
            #expect(lines[0].retryOf == nil && lines[1].retryOf == nil)
        }
    }

    @Test("SIGINT or SIGTERM to a running agent: it exits 0 and its run is stopped", arguments: [SIGINT, SIGTERM])
    func interruptedAgentStopsRun(signal: Int32) async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let file = try dir.write("stop.json", Self.longRunSweep(name: "stop", count: 1, steps: [20_000]))
        let storePath = dir.url("store.sqlite")
        let sweep = try SweepFixture.create(file: file, store: storePath)
        let store = try RunStore(path: storePath)

        let agent = try BackgroundCLI(SweepFixture.agent("stop", store: storePath, ["--heartbeat-interval", "0.5"]))
        let running = try SweepFixture.catchWindow("run 1 running with metric history", timeout: 120, watching: agent) {
            () throws -> RunRecord? in
            guard let run = try store.run(sweepID: sweep.id, number: 1), run.state == .running else { return nil }
            return try store.metrics(runID: run.id).isEmpty ? nil : run
        }
        agent.send(signal)
        let result = try await agent.wait(timeout: 60)
        #expect(result.exitCode == 0 && result.signal == nil, "\(result)")

        let run = try #require(try store.run(id: running.id))
        #expect(run.state == .stopped, "\(run)")
        #expect(run.error?.hasPrefix("stopped") == true, "error: \(run.error ?? "nil")")
        let steps = try #require(run.steps)
        #expect(steps > 0 && steps < 20_000, "stopped after \(steps) steps")
        let metrics = try store.metrics(runID: run.id)
        #expect(!metrics.isEmpty)
        #expect((metrics.map(\.step).max() ?? .max) < 20_000 - 1, "the history ends where the run stopped")
        #expect(try store.runs(sweepID: sweep.id).count == 1)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("a command run taken over by another agent: its program and the program's child end within 10 s")
    func takenOverCommandRunEndsItsProgramsChildren() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let sleep = try linkSleep(in: dir.path)
        let script = try dir.write("train.sh", "echo '{\"step\": 1, \"loss\": 0.9}'\n\(sleep) 40\n")
        let file = try dir.write(
            "takeover.json",
            #"{"name": "takeover", "method": "grid", "command": ["/bin/sh", "\#(script)"], "#
                + #""metric": {"name": "loss"}, "parameters": {"x": {"values": [1]}}}"#)
        let storePath = dir.url("store.sqlite")
        let sweep = try SweepFixture.create(file: file, store: storePath)
        let store = try RunStore(path: storePath)
        let agent = try BackgroundCLI(
            SweepFixture.agent(
                "takeover", store: storePath, ["--count", "1", "--retries", "0", "--heartbeat-interval", "0.5"]))
        _ = try SweepFixture.catchWindow("the program's child", timeout: 120, watching: agent) {
            try processes(commandLineContaining: "\(sleep) 40").isEmpty ? nil : true
        }
        // Another agent's claim, an hour later by its clock, finds run 1 stale and marks it crashed.
        let other = AgentIdentity(id: "other", host: "elsewhere", pid: 1)
        let claim = try store.claimRun(
            sweepID: sweep.id, agent: other, now: Date().timeIntervalSince1970 + 3600, heartbeatGrace: 30,
            maxRetries: 0, countLimit: nil
        ) { _ in nil }
        #expect(claim == .exhausted)
        // The agent's next heartbeat finds the run gone: the program's whole group is ended, and
        // the agent, whose --count is done, exits. Everything here names the folder.
        let ended = try SweepFixture.holds(within: 10) { try processes(commandLineContaining: dir.path).isEmpty }
        let left = try processes(commandLineContaining: dir.path)
        #expect(ended, "10 s after the takeover, left: \(left)")
        let result = try await agent.wait(timeout: 30)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.contains("run 1 was marked crashed by another agent"), "\(result)")
        let run = try #require(try store.run(sweepID: sweep.id, number: 1))
        #expect(run.state == .crashed, "the other agent's verdict stands: \(run)")
    }
}

/// Seeded sweeps through `mfsweep launch`.
@Suite("sweeps: reproducibility")
struct SweepReproducibilityTests {
    // MARK: - Reproducibility

    @Test("the same sweep file and seed give the same configs in the same run numbers; another seed doesn't")
    func seededSweepsAreReproducible() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        func file(seed: Int) throws -> String {
            try dir.write(
                "seed\(seed).json",
                SweepFixture.json(name: "repro", seed: seed, count: 8, parameters: SweepFixture.tinyRandomParameters))
        }
        func launch(_ file: String, agents: Int, store: String) async throws -> [String] {
            let launch = try await CLIRunner.run(
                ["launch", file, "--agents", "\(agents)", "--store", store], timeout: 120)
            guard launch.exitCode == 0 else { throw CLIError("launch failed: \(launch)") }
            let store = try RunStore(path: store)
            let sweep = try #require(try store.sweep(named: "repro"))
            let runs = try store.runs(sweepID: sweep.id)
            #expect(runs.map(\.number) == Array(1...8))
            return runs.map(\.configJSON)
        }
        let (seed11, seed12) = (try file(seed: 11), try file(seed: 12))
        let (a, b, c) = (dir.url("a.sqlite"), dir.url("b.sqlite"), dir.url("c.sqlite"))
        // Three stores, three independent launches: at once.
        async let firstConfigs = launch(seed11, agents: 2, store: a)
        async let againConfigs = launch(seed11, agents: 1, store: b)
        async let otherConfigs = launch(seed12, agents: 2, store: c)
        let (first, again, other) = try await (firstConfigs, againConfigs, otherConfigs)
        #expect(first.count == 8)
        #expect(Set(first).count > 1, "a random sweep's configs should vary: \(first)")
        #expect(first == again)
        #expect(first != other)
        #expect(zip(first, other).filter { $0 == $1 }.count <= 1, "seed 12 repeats seed 11's configs: \(other)")
    }
}

/// Malformed sweep files through `mfsweep launch`, in-process: it rejects them before it starts
/// any agent.
@Suite("sweeps: malformed sweep files")
struct MalformedSweepFileTests {
    // MARK: - Malformed sweep files

    /// A sweep file whose `alpha` parameter is `alphaText`, and the position of `marker` in it.
    private static func malformed(alphaText: String, marker: String) -> (text: String, line: Int, column: Int) {
        let text = SweepFixture.json(
            name: "bad", count: 2, parameters: "\"emb_dim\": {\"min\": 2, \"max\": 6},\n    \"alpha\": \(alphaText)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let index = lines.firstIndex { $0.contains("\"alpha\":") }!
        let line = lines[index]
        let column = line.distance(from: line.startIndex, to: line.range(of: marker)!.lowerBound) + 1
        return (text, index + 1, column)
    }

    /// Checks the one diagnostic line and exit 64 of `launch` on a malformed file.
    private static func expectDiagnostic(
        _ result: CLIResult, file: String, line: Int, column: Int, message: String, path: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.exitCode == 64, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 1, "\(result)", sourceLocation: sourceLocation)
        let diagnostic = result.stderrLines.first ?? ""
        #expect(
            diagnostic.hasPrefix("\(file):\(line):\(column): error: "), "\(diagnostic)", sourceLocation: sourceLocation)
        #expect(
            diagnostic.contains(message), "expected \(message.debugDescription) in: \(diagnostic)",
            sourceLocation: sourceLocation)
        #expect(diagnostic.hasSuffix(" [at \(path)]"), "\(diagnostic)", sourceLocation: sourceLocation)
    }

    @Test("launch of a sweep file with min ≥ max exits 64 with FILE:LINE:COL and the JSON path, and creates nothing")
    func minNotBelowMaxIsRejected() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (text, line, column) = Self.malformed(alphaText: #"{"min": 0.5, "max": 0.1}"#, marker: "0.5")
        let file = try dir.write("bad.json", text)
        let storePath = dir.url("runs/store.sqlite")
        let result = try await CLI.run(["launch", file, "--agents", "1", "--store", storePath])
        Self.expectDiagnostic(
            result, file: file, line: line, column: column, message: "min must be less than max",
            path: "parameters.alpha.min")
        if FileManager.default.fileExists(atPath: storePath) {
            #expect(try RunStore(path: storePath).sweeps().isEmpty)
        }
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var label: String
        var alpha: String
        var marker: String
        var message: String
        var path: String
        var testDescription: String { label }
    }

    @Test(
        "launch of other malformed sweep files: one positioned diagnostic, exit 64, no sweep row in an existing store",
        arguments: [
            MalformedCase(
                label: "probabilities not summing to 1", alpha: #"{"values": [0.1, 0.2], "probabilities": [0.5, 0.6]}"#,
                marker: "[0.5", message: "probabilities must sum to 1", path: "parameters.alpha.probabilities"),
            MalformedCase(
                label: "unknown distribution", alpha: #"{"distribution": "zipf", "min": 0.1, "max": 0.2}"#,
                marker: #""zipf""#, message: "unknown distribution 'zipf'", path: "parameters.alpha.distribution"),
            MalformedCase(
                label: "unknown key", alpha: #"{"min": 0.1, "max": 0.2, "scale": 2}"#, marker: #""scale""#,
                message: "unknown key 'scale'", path: "parameters.alpha.scale"),
        ])
    func malformedFilesAreRejected(_ malformed: MalformedCase) async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (text, line, column) = Self.malformed(alphaText: malformed.alpha, marker: malformed.marker)
        let file = try dir.write("bad.json", text)
        let storePath = dir.url("store.sqlite")
        #expect(try RunStore(path: storePath).sweeps().isEmpty)
        let result = try await CLI.run(["launch", file, "--agents", "1", "--store", storePath])
        Self.expectDiagnostic(
            result, file: file, line: line, column: column, message: malformed.message, path: malformed.path)
        #expect(try RunStore(path: storePath).sweeps().isEmpty)
    }
}
