import Core
import Factorization
import Foundation
import Ratings
import Search
import Synchronization
import TestSupport
import Testing
import Tracking

@testable import Agents

/// The agent loop in-process, on a temporary store and a tiny synthetic sweep.
@Suite(.serialized)
struct AgentTests {
    static func sweepFile(in dir: URL, extra: String = "", parameters: String? = nil) throws -> String {
        let text = """
            {
              "name": "tiny", "method": "random", "seed": 5, "count": 4,
              "metric": {"name": "Test omse_mean"},
              "data": {"synthetic": {"users": 60, "items": 40, "density": 0.3, "seed": 2}},
              "validation": {"folds": 2},
              "parameters": \(parameters ?? """
                {"emb_dim": {"min": 2, "max": 6}, "alpha": {"min": 0.01, "max": 0.05},
                 "optimizer": {"value": "adam"}, "gram": {"value": 0}, "steps": {"value": 30}}
                """)\(extra)
            }
            """
        let path = dir.appendingPathComponent("tiny.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Creates the sweep in a new store and returns (store path, spec).
    static func createSweep(_ file: String, in dir: URL) throws -> (String, SweepSpec) {
        let spec = try SweepFile.load(path: file)
        let store = dir.appendingPathComponent("store.sqlite").path
        let fingerprint = spec.runsCommand ? "none" : Fingerprint.of(try SweepData.load(spec).table)
        _ = try RunStore(path: store).createOrResumeSweep(
            name: spec.name, specJSON: StoredSweep(spec).text, fingerprint: fingerprint, now: 0)
        return (store, spec)
    }

    @Test func trainsUntilTheSweepsCountWithHistoryForEveryFold() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let dir = folder.url
        let (storePath, spec) = try Self.createSweep(try Self.sweepFile(in: dir), in: dir)
        var options = AgentOptions(storePath: storePath, sweep: "tiny", threads: 1, agentID: "a1")
        options.logEvery = 10
        let summary = try Agent(options: options).run()
        #expect(summary.completed == 4 && summary.reason == "the sweep reached its count")
        let store = try RunStore(path: storePath)
        let sweep = try #require(try store.sweep(named: "tiny"))
        let runs = try store.runs(sweepID: sweep.id)
        #expect(runs.map(\.number) == [1, 2, 3, 4])
        for run in runs {
            #expect(run.state == .finished)
            // The run's config is the sampler's config for its number.
            #expect(ConfigCoding.decode(run.configJSON) == RandomSampler.config(for: run.number, spec: spec))
            let metrics = try store.metrics(runID: run.id)
            #expect(Set(metrics.compactMap(\.fold)) == [0, 1])
            #expect(Set(metrics.map(\.step)) == [0, 10, 20, 29])
            #expect(metrics.contains { $0.fold == nil && $0.name == "Test omse_mean" })
            let folds = try store.foldResults(runID: run.id)
            #expect(folds.count == 2)
            let mean = folds.compactMap(\.testOMSE).reduce(0, +) / 2
            #expect(abs(run.summaryMetric! - mean) <= 1e-12)
        }
        #expect(try store.integrityCheck() == "ok")
    }

    /// An `als` step is a whole pass, so every one is logged (hyperband's brackets count
    /// logged steps), whatever the agent's `--log-every`.
    @Test func alsRunsLogEveryPass() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let dir = folder.url
        let file = try Self.sweepFile(
            in: dir,
            parameters: """
                {"optimizer": {"value": "als"}, "emb_dim": {"min": 2, "max": 4}, "gram": {"value": 0},
                 "bias": {"value": true}, "steps": {"value": 5}}
                """)
        let (storePath, _) = try Self.createSweep(file, in: dir)
        var options = AgentOptions(storePath: storePath, sweep: "tiny", threads: 1, agentID: "a1")
        options.logEvery = 50
        let summary = try Agent(options: options).run()
        #expect(summary.completed == 4)
        let store = try RunStore(path: storePath)
        let sweep = try #require(try store.sweep(named: "tiny"))
        for run in try store.runs(sweepID: sweep.id) {
            #expect(Set(try store.metrics(runID: run.id).map(\.step)) == [0, 1, 2, 3, 4])
        }
    }

    @Test func aRunTooBigForTheMachineFailsWithItsMemoryPlanAndTheSweepGoesOn() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let dir = folder.url
        // 2000 folds at emb_dim 4096: two 64 MiB Gramians per fold, 250 GiB in all.
        let file = try Self.sweepFile(
            in: dir, parameters: #"{"emb_dim": {"values": [4096, 2]}, "steps": {"value": 2}}"#)
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: #""validation": {"folds": 2}"#, with: #""validation": {"folds": 2000}"#)
            .replacingOccurrences(
                of: #""users": 60, "items": 40, "density": 0.3"#, with: #""users": 100, "items": 60, "density": 0.5"#
            )
            .replacingOccurrences(of: #""method": "random""#, with: #""method": "grid""#)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (storePath, _) = try Self.createSweep(file, in: dir)
        let summary = try Agent(options: AgentOptions(storePath: storePath, sweep: "tiny", threads: 1, agentID: "a1"))
            .run()
        #expect(summary.completed == 2)
        let store = try RunStore(path: storePath)
        let runs = try store.runs(sweepID: try #require(try store.sweep(named: "tiny")).id)
        let big = try #require(runs.first { ConfigCoding.decode($0.configJSON)?["emb_dim"] == .int(4096) })
        #expect(big.state == .failed)
        #expect(big.error?.hasPrefix("this training plan (2000 folds of ") == true, "\(big.error ?? "")")
        #expect(big.error?.contains("but the machine has") == true)
        #expect(runs.contains { $0.state == .finished }, "the sweep goes on")
    }

    @Test func aStoppedAgentMarksItsRunStopped() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let dir = folder.url
        let (storePath, _) = try Self.createSweep(
            try Self.sweepFile(
                in: dir,
                parameters: """
                    {"emb_dim": {"value": 4}, "steps": {"value": 200000}, "gram": {"value": 0}}
                    """), in: dir)
        let options = AgentOptions(storePath: storePath, sweep: "tiny", threads: 1, agentID: "a2")
        let agent = try Agent(options: options)
        let summary = try ProcessWideLock.stopSignal.withLock {
            // The stop comes once run 1 is training, as a SIGINT would: not after a guessed delay.
            let stopper = StopOnceRunning(storePath: storePath, sweep: "tiny", run: 1)
            defer { StopSignal.reset() }
            let outcome = Result { try agent.run() }
            try stopper.join()
            return try outcome.get()
        }
        #expect(summary.stopped && summary.completed == 0)
        let store = try RunStore(path: storePath)
        let run = try #require(try store.run(sweepID: try store.sweep(named: "tiny")!.id, number: 1))
        #expect(run.state == .stopped)
        #expect(run.error?.hasPrefix("stopped at step ") == true)
        let steps = try #require(run.steps)
        #expect(steps >= 1 && steps < 200_000, "stopped after \(steps) steps")
        #expect(run.error == "stopped at step \(steps)")
        let metrics = try store.metrics(runID: run.id)
        #expect(!metrics.isEmpty)
        // Step 0 is always logged, for both folds; nothing past the step where it stopped.
        #expect(Set(metrics.filter { $0.step == 0 }.compactMap(\.fold)) == [0, 1])
        #expect(metrics.allSatisfy { $0.step < steps }, "logged steps \(Set(metrics.map(\.step)).sorted())")
    }

    @Test func commandSweepsLogTheProgramsJSONLinesAndUseItsExitStatus() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let dir = folder.url
        let script = dir.appendingPathComponent("train.sh").path
        try """
        #!/bin/sh
        # prints two JSON lines; fails when --x=3
        for a in "$@"; do case "$a" in --x=*) x="${a#--x=}";; esac; done
        echo '{"step": 0, "loss": 2.5}'
        echo "not json"
        echo "{\\"step\\": 1, \\"loss\\": $x.25}"
        [ "$x" = "3" ] && { echo "boom" >&2; exit 3; }
        exit 0
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("cmd.json").path
        try """
        {"name": "cmd", "method": "grid", "program": "train.sh",
         "metric": {"name": "loss", "goal": "minimize"},
         "parameters": {"x": {"values": [1, 3]}}}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let (storePath, _) = try Self.createSweep(file, in: dir)
        let summary = try Agent(options: AgentOptions(storePath: storePath, sweep: "cmd", threads: 1, agentID: "a3"))
            .run()
        #expect(summary.completed == 2 && summary.reason == "the search space is exhausted")
        let store = try RunStore(path: storePath)
        let runs = try store.runs(sweepID: try store.sweep(named: "cmd")!.id)
        #expect(runs.map(\.state) == [.finished, .failed])
        #expect(runs[0].summaryMetric == 1.25)
        #expect(runs[1].error == "exit status 3: boom")
        let metrics = try store.metrics(runID: runs[0].id)
        #expect(metrics.map(\.step) == [0, 1] && metrics.map(\.value) == [2.5, 1.25])
    }

    /// A command that does not exist fails its run with one line naming it.
    @Test func aMissingCommandFailsItsRunWithOneLine() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let dir = folder.url
        let file = try folder.file(
            "missing.json",
            #"{"name": "missing", "method": "grid", "command": ["mfsweep-no-such-command", "${args}"], "#
                + #""metric": {"name": "loss"}, "parameters": {"x": {"values": [1]}}}"#)
        let (storePath, _) = try Self.createSweep(file, in: dir)
        _ = try Agent(options: AgentOptions(storePath: storePath, sweep: "missing", threads: 1, agentID: "a5")).run()
        let store = try RunStore(path: storePath)
        let runs = try store.runs(sweepID: try store.sweep(named: "missing")!.id)
        #expect(runs.map(\.state) == [.failed])
        #expect(runs.first?.error == "command 'mfsweep-no-such-command' not found", "\(runs)")
    }

    /// An agent whose first runs all fail stops after `maxInitialFailures` of them, instead of
    /// failing runs without end on a sweep without a count (about 80 a second before).
    @Test func anAgentStopsWhenItsFirstRunsAllFail() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let file = try folder.file(
            "nocount.json",
            #"{"name": "nocount", "method": "random", "command": ["mfsweep-no-such-command", "${args}"], "#
                + #""metric": {"name": "loss"}, "parameters": {"x": {"min": 0.0, "max": 1.0}}}"#)
        let (storePath, _) = try Self.createSweep(file, in: folder.url)
        var options = AgentOptions(storePath: storePath, sweep: "nocount", threads: 1, agentID: "a9")
        options.maxInitialFailures = 3
        do {
            _ = try Agent(options: options).run()
            Issue.record("the agent should have stopped with an error")
        } catch {
            #expect(
                "\(error)".contains(
                    "the first 3 runs of this agent on sweep 'nocount' all failed (the last: command "
                        + "'mfsweep-no-such-command' not found), so it stopped"), "\(error)")
        }
        let store = try RunStore(path: storePath)
        let runs = try store.runs(sweepID: try store.sweep(named: "nocount")!.id)
        #expect(runs.map(\.state) == [.failed, .failed, .failed])
    }

    /// Once a run has not failed, later failures are the search's (a region that diverges),
    /// not the sweep's: the agent goes on.
    @Test func failuresAfterASuccessDoNotStopTheAgent() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let script = #"case \"$*\" in *x=1*) echo '{\"step\": 0, \"loss\": 1}';; *) exit 3;; esac"#
        let file = try folder.file(
            "mixed.json",
            #"{"name": "mixed", "method": "grid", "command": ["/bin/sh", "-c", "\#(script)", "sh", "${args}"], "#
                + #""metric": {"name": "loss"}, "parameters": {"x": {"values": [1, 2, 3, 4, 5, 6]}}}"#)
        let (storePath, _) = try Self.createSweep(file, in: folder.url)
        var options = AgentOptions(storePath: storePath, sweep: "mixed", threads: 1, agentID: "a10")
        options.maxInitialFailures = 2
        let summary = try Agent(options: options).run()
        #expect(summary.completed == 6)
        let store = try RunStore(path: storePath)
        let runs = try store.runs(sweepID: try store.sweep(named: "mixed")!.id)
        #expect(runs.map(\.state) == [.finished, .failed, .failed, .failed, .failed, .failed], "\(runs)")
    }

    /// A program that exits 0 without ever printing the sweep's metric failed: the sweep
    /// counts it failed (so launch exits 1), not finished without a result.
    @Test func aCommandRunThatNeverReportsTheMetricFails() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let file = try folder.file(
            "silent.json",
            #"{"name": "silent", "method": "grid", "command": ["/bin/sh", "-c", "echo '{\"step\": 0, \"acc\": 0.5}'"], "#
                + #""metric": {"name": "loss"}, "parameters": {"x": {"values": [1]}}}"#)
        let (storePath, _) = try Self.createSweep(file, in: folder.url)
        _ = try Agent(options: AgentOptions(storePath: storePath, sweep: "silent", threads: 1, agentID: "a6")).run()
        let store = try RunStore(path: storePath)
        let sweep = try #require(try store.sweep(named: "silent"))
        let runs = try store.runs(sweepID: sweep.id)
        #expect(runs.map(\.state) == [.failed])
        #expect(runs.first?.error == "metric 'loss' never reported", "\(runs)")
        // What it did print is still logged.
        #expect(try store.metrics(runID: runs[0].id).map(\.name) == ["acc"])
        #expect(try store.counts(sweepID: sweep.id).filter { $0.value > 0 } == [.failed: 1])
    }

    /// A metric beyond the range of a Double fails the run with a message naming it.
    @Test func aCommandRunReportingAValueBeyondDoubleFails() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let file = try folder.file(
            "huge.json",
            #"{"name": "huge", "method": "grid", "command": ["/bin/sh", "-c", "echo '{\"loss\": -1e400}'"], "#
                + #""metric": {"name": "loss"}, "parameters": {"x": {"values": [1]}}}"#)
        let (storePath, _) = try Self.createSweep(file, in: folder.url)
        _ = try Agent(options: AgentOptions(storePath: storePath, sweep: "huge", threads: 1, agentID: "a7")).run()
        let store = try RunStore(path: storePath)
        let runs = try store.runs(sweepID: try #require(try store.sweep(named: "huge")).id)
        #expect(runs.map(\.state) == [.failed])
        #expect(runs.first?.error == "metric 'loss' at step 0 is -1e400, beyond the range of a Double", "\(runs)")
        #expect(try store.metrics(runID: runs[0].id).isEmpty)
    }

    @Test func theMedianRulePrunesRunsWorseThanTheOthersAtTheSameStep() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let dir = folder.url
        // Grid in name order: alpha 0.05 (learns) for runs 1–5, then alpha 1e-5 (stays bad).
        let file = try Self.sweepFile(
            in: dir, extra: #", "early_terminate": {"type": "median", "min_iter": 3}"#,
            parameters: """
                {"alpha": {"values": [0.05, 0.00001]}, "emb_dim": {"values": [2, 3, 4, 5, 6]},
                 "optimizer": {"value": "adam"}, "gram": {"value": 0}, "steps": {"value": 100}}
                """
        )
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: #""method": "random""#, with: #""method": "grid""#)
            .replacingOccurrences(of: #""count": 4"#, with: #""count": 10"#)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (storePath, _) = try Self.createSweep(file, in: dir)
        var options = AgentOptions(storePath: storePath, sweep: "tiny", threads: 1, agentID: "a4")
        options.logEvery = 10
        _ = try Agent(options: options).run()
        let store = try RunStore(path: storePath)
        let runs = try store.runs(sweepID: try store.sweep(named: "tiny")!.id)
        #expect(runs.prefix(5).allSatisfy { $0.state == .finished })
        for run in runs.dropFirst(5) {
            #expect(run.state == .pruned, "run \(run.number): \(run.state)")
            #expect(run.error?.contains("median") == true, "\(run.error ?? "")")
            #expect((run.steps ?? 100) < 100 && (run.steps ?? 0) > 20)
        }
    }

    @Test func commandTemplatesExpandWandbMacros() {
        let config: [String: ParameterValue] = [
            "lr": .double(0.5), "depth": .int(3), "range": .list([.int(1), .int(5)]),
        ]
        let t = CommandTemplate(program: "train.py", command: nil)
        #expect(
            t.arguments(for: config) == [
                "/usr/bin/env", "python3", "train.py", "--depth=3", "--lr=0.5", "--range=[1,5]",
            ])
        let c = CommandTemplate(
            program: "x.sh", command: ["${interpreter}", "${program}", "${args_no_hyphens}", "${args_json}"])
        #expect(c.arguments(for: ["a": .int(1)]) == ["bash", "x.sh", "a=1", "{\"a\":1}"])
    }

    @Test func storedSpecsOutliveAMovedDataFile() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let dir = folder.url
        let ratings = dir.appendingPathComponent("r.csv").path
        try RatingsWriter.writeCSV(SyntheticRatings.generate(SyntheticSpec(users: 20, items: 10)), to: ratings)
        let file = dir.appendingPathComponent("moved.json").path
        try #"{"name": "moved", "data": {"path": "r.csv"}, "parameters": {"emb_dim": {"value": 2}}}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        let stored = StoredSweep(try SweepFile.load(path: file)).text
        try FileManager.default.removeItem(atPath: ratings)
        // The store's copy still reads (status, runs and report keep working)…
        #expect(try StoredSweep.decode(stored, sweep: "moved").name == "moved")
        // …the file itself fails on its data, unless --data replaces it.
        #expect(throws: SweepFileError.self) { try SweepFile.load(path: file) }
        #expect(try SweepFile.load(path: file, checksDataFile: false).name == "moved")
    }

    /// The agent loop and promote load a sweep's data through one check: data whose fingerprint
    /// differs from the one stored with the sweep is refused, naming both.
    @Test func dataThatChangedSinceTheSweepWasCreatedIsRefused() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let spec = try SweepFile.load(path: try Self.sweepFile(in: folder.url))
        let table = try SweepData.load(spec).table
        let fingerprint = Fingerprint.of(table)
        func record(_ fingerprint: String) -> SweepRecord {
            SweepRecord(id: 1, name: "tiny", specJSON: "{}", fingerprint: fingerprint, state: .running, createdAt: 0)
        }
        let checked = try SweepData.load(spec, of: record(fingerprint)).table
        // The sweep's data, all of it: 60 users × 40 items at density 0.3 is about 720 ratings.
        #expect(checked.count > 0)
        #expect(checked == table)
        #expect(checked.userCount == 60 && checked.itemCount == 40, "\(checked.userCount) × \(checked.itemCount)")
        #expect((600...840).contains(checked.count), "\(checked.count) ratings")
        let changed = SweepError.dataChanged(sweep: "tiny", stored: "sha256:old", now: fingerprint)
        #expect(throws: changed) { try SweepData.load(spec, of: record("sha256:old")) }
        #expect(
            changed.description
                == "the data of sweep 'tiny' changed since it was created (store: sha256:old, now: \(fingerprint))")
        #expect(changed.exitStatus == .invalidInput && changed.location == .sweep("tiny"))
    }

    @Test func countLimitIsTheSmallerOfCountAndRunCap() {
        var spec = SweepSpec(name: "s", parameters: [:])
        #expect(Agent.countLimit(spec) == nil)
        spec.count = 10
        #expect(Agent.countLimit(spec) == 10)
        spec.runCap = 4
        #expect(Agent.countLimit(spec) == 4)
    }

    @Test func storedSpecsReadBackEqual() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let dir = folder.url
        let spec = try SweepFile.load(path: try Self.sweepFile(in: dir))
        let stored = StoredSweep(spec)
        #expect(try StoredSweep.decode(stored.text, sweep: "tiny") == spec)
        #expect(throws: SweepError.self) { try StoredSweep.decode("{}", sweep: "tiny") }
    }
}

/// Asks the agent loop to stop, from another thread, once run `run` of `sweep` is `running` in
/// the store: a stop that came before the claim would leave no run to check.
private final class StopOnceRunning: Sendable {
    private let failure = Mutex<(any Error)?>(nil)
    private let cancelled = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(storePath: String, sweep: String, run number: Int) {
        Thread.detachNewThread { [self] in
            defer { done.signal() }
            do {
                let store = try RunStore(path: storePath)
                let started = try waitUntil("run \(number) of '\(sweep)' running", timeout: .seconds(120)) {
                    () throws -> Bool? in
                    if cancelled.load(ordering: .relaxed) { return false }
                    guard let sweep = try store.sweep(named: sweep) else { return nil }
                    return try store.run(sweepID: sweep.id, number: number)?.state == .running ? true : nil
                }
                if started { StopSignal.request() }
            } catch {
                failure.withLock { $0 = error }
            }
        }
    }

    /// Stops waiting (the agent returned first), waits for the thread to end, so no stop can
    /// come later, and throws what went wrong while waiting.
    func join() throws {
        cancelled.store(true, ordering: .relaxed)
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
