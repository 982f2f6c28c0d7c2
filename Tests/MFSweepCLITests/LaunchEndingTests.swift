import Foundation
import TestSupport
import Testing
import Tracking

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `launch` ends when it is hung up on or stopped (with the programs of a command sweep),
/// when every run fails, and how many agents it starts at most.
@Suite("sweeps: how launch ends")
struct LaunchEndingTests {
    @Test("--agents is capped like the thread counts: 100000 agents is refused before anything starts")
    func agentsAreCapped() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let file = try dir.write(
            "many.json", SweepFixture.json(name: "many", count: 2, parameters: SweepFixture.tinyRandomParameters))
        let store = dir.url("store.sqlite")
        let result = try await CLI.run(["launch", file, "--agents", "100000", "--store", store])
        #expect(result.exitCode == 64, "\(result)")
        #expect(
            result.stderrLines == ["error: --agents must be in 1...256, got 100000 (see 'mfsweep launch --help')"],
            "\(result)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test("a launch whose every run fails prints the report and exits 1 saying so")
    func everyRunFailedExitsOne() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        // A learning rate of 1e30 diverges at once.
        let file = try dir.write(
            "diverge.json",
            SweepFixture.json(
                name: "diverge", count: 2,
                parameters: #""emb_dim": {"value": 3}, "alpha": {"value": 1e30}, "steps": {"value": 20}"#))
        let result = try await CLIRunner.run(
            ["launch", file, "--agents", "1", "--store", dir.url("store.sqlite")], timeout: 120)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("runs    2: 2 failed"), "\(result)")
        #expect(
            result.stderrLines.last
                == "error: every run of sweep 'diverge' failed (2 runs); the report above gives their errors",
            "\(result)")
    }

    /// A grid of two long runs (tens of seconds each, so a signal lands mid-run), launched
    /// with two agents in the
    /// background; returns once a run is running.
    private static func launchLongRuns(_ name: String, in dir: ScratchDirectory) async throws -> (BackgroundCLI, String)
    {
        let file = try dir.write(
            "\(name).json",
            SweepFixture.json(
                name: name, method: "grid", count: 2, users: 400, items: 300, density: 0.1,
                parameters:
                    #""emb_dim": {"value": 4}, "alpha": {"value": 0.02}, "steps": {"values": [200000, 200001]}"#
            ))
        let storePath = dir.url("store.sqlite")
        let launch = try BackgroundCLI(["launch", file, "--agents", "2", "--store", storePath])
        // Polled on this test's own thread (as the signal suite does), so a busy pool of
        // cooperative threads cannot delay the poll until the runs are over.
        _ = try SweepFixture.catchWindow("a run running", timeout: 120, watching: launch) { () throws -> Bool? in
            // Read-only, so a poll never waits for the agents' write lock.
            guard FileManager.default.fileExists(atPath: storePath),
                let store = (try? RunStore.openForReading(path: storePath)) ?? nil,
                let sweep = try? store.sweep(named: name)
            else { return nil }
            return try store.runs(sweepID: sweep.id).contains { $0.state == .running } ? true : nil
        }
        return (launch, storePath)
    }

    /// The process ids of agents still running sweep `name` of the store at `storePath`.
    private static func agentsLeft(_ name: String, store storePath: String) throws -> String {
        let pgrep = Process()
        pgrep.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        pgrep.arguments = ["-f", "agent \(name) --store \(storePath)"]
        let out = Pipe()
        pgrep.standardOutput = out
        try pgrep.run()
        pgrep.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// The states of sweep `name`'s runs.
    private static func states(_ name: String, store storePath: String) throws -> [RunState] {
        let store = try RunStore(path: storePath)
        let sweep = try #require(try store.sweep(named: name))
        return try store.runs(sweepID: sweep.id).map(\.state)
    }

    @Test("SIGHUP to launch (its terminal closed): it exits 130 within 10 s, its runs are stopped, no agent is left")
    func hangUpStopsLaunchAndItsAgents() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (launch, storePath) = try await Self.launchLongRuns("hup", in: dir)
        launch.send(SIGHUP)
        #expect(SweepFixture.holds(within: 10) { !launch.isRunning }, "launch still running 10 s after SIGHUP")
        let result = try await launch.wait(timeout: 30)
        #expect(result.exitCode == 130, "\(result)")
        #expect(result.stderrLines.last?.hasPrefix("error: sweep 'hup' was stopped") == true, "\(result)")
        let states = try Self.states("hup", store: storePath)
        #expect(states.contains(.stopped) && !states.contains(.running), "\(states)")
        #expect(try Self.agentsLeft("hup", store: storePath).isEmpty)
    }

    @Test("kill -9 of launch: its agents notice their launcher is gone, stop their runs and exit within 10 s")
    func agentsStopWithAKilledLauncher() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (launch, storePath) = try await Self.launchLongRuns("orphan", in: dir)
        launch.send(SIGKILL)
        let killed = try await launch.wait(timeout: 30)
        #expect(killed.signal == SIGKILL, "\(killed)")
        let stopped = try SweepFixture.holds(within: 10) {
            let states = try Self.states("orphan", store: storePath)
            let agents = try Self.agentsLeft("orphan", store: storePath)
            return states.contains(.stopped) && !states.contains(.running) && agents.isEmpty
        }
        #expect(stopped, "runs still running or agents left 10 s after the launcher was killed")
    }

    @Test(
        "SIGTERM or Ctrl-C (SIGINT) to launch of a command sweep whose program waits on a child: launch exits 130 within 10 s, the run is stopped, no process is left",
        arguments: [SIGTERM, SIGINT])
    func stoppingACommandSweepEndsItsProgramsChildren(signal: Int32) async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        // The child holds the program's output open, as a training process's workers would.
        let sleep = try linkSleep(in: dir.path)
        let script = try dir.write("train.sh", "echo '{\"step\": 1, \"loss\": 0.9}'\n\(sleep) 40\n")
        let file = try dir.write(
            "cmd.json",
            #"{"name": "cmd", "method": "grid", "command": ["/bin/sh", "\#(script)"], "metric": {"name": "loss"}, "#
                + #""parameters": {"x": {"values": [1]}}}"#)
        let storePath = dir.url("store.sqlite")
        let launch = try BackgroundCLI(["launch", file, "--agents", "1", "--store", storePath])
        _ = try SweepFixture.catchWindow("the program's child", timeout: 120, watching: launch) {
            try processes(commandLineContaining: "\(sleep) 40").isEmpty ? nil : true
        }
        launch.send(signal)
        // Everything this test started has the folder on its command line: launch, its agent
        // (the store's path), the program (the script's path) and its child.
        let ended = try SweepFixture.holds(within: 10) {
            try !launch.isRunning && processes(commandLineContaining: dir.path).isEmpty
        }
        let left = try processes(commandLineContaining: dir.path)
        #expect(ended, "10 s after the signal, launch is \(launch.isRunning ? "running" : "done"); left: \(left)")
        let result = try await launch.wait(timeout: 30)
        #expect(result.exitCode == 130, "\(result)")
        #expect(try Self.states("cmd", store: storePath) == [.stopped], "\(result)")
    }
}
