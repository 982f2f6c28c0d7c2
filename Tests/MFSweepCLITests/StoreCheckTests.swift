import Foundation
import Testing
import Tracking

/// `mfsweep store check` on a real store: a healthy one passes; a run whose agent died and a
/// model file that changed or went missing are each reported on their own line, with exit 1.
@Suite("store check")
struct StoreCheckTests {
    @Test("a store with a promoted model passes, then reports a dead run and damaged model files")
    func reportsDeadRunsAndDamagedModelFiles() async throws {
        let setup = try await RegistryCLITests.Setup()
        let promote = try await setup.run(["promote", "--best", "reg", "--name", "m"])
        #expect(promote.exitCode == 0, "\(promote)")

        let healthy = try await setup.run(["store", "check"])
        #expect(healthy.exitCode == 0, "\(healthy)")
        #expect(healthy.stdout == "store OK: 1 sweep, 2 runs, 1 model version checked\n", "\(healthy)")

        // An agent that claimed a run 100 s ago and died.
        let store = try RunStore(path: setup.store)
        let sweep = try #require(try store.sweep(named: "reg"))
        let agent = AgentIdentity(id: "gone", host: "far-away", pid: 4242)
        let outcome = try store.claimRun(
            sweepID: sweep.id, agent: agent, now: Date().timeIntervalSince1970 - 100, heartbeatGrace: 30,
            maxRetries: 0, countLimit: nil, propose: { _ in #"{"emb_dim":4}"# })
        #expect(outcome.run?.number == 3)
        // The model file changes.
        let file = setup.dir.url("runs/artifacts/m/v1/model.mfm")
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        bytes[100] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: file))

        let damaged = try await setup.run(["store", "check"])
        #expect(damaged.exitCode == 1, "\(damaged)")
        let lines = damaged.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(damaged)")
        #expect(
            lines[0].hasPrefix("dead-heartbeat: run reg/3 is running but has had no heartbeat for 10")
                && lines[0].hasSuffix("s (agent gone on host far-away, pid 4242)"), "\(lines)")
        #expect(lines[1].hasPrefix("artifact: m@1: \(file) has sha256 ") && lines[1].contains("the store recorded"))
        #expect(lines[2] == "2 problems in 1 sweep, 3 runs, 1 model version")
        #expect(damaged.stderrLines == ["error: \(setup.store): store check found 2 problems"], "\(damaged)")

        // A longer grace forgives the run; a missing file is named.
        try FileManager.default.removeItem(atPath: file)
        let missing = try await setup.run(["store", "check", "--heartbeat-grace", "3600"])
        #expect(missing.exitCode == 1)
        #expect(missing.stdout.split(separator: "\n").first == "artifact: m@1: \(file) is missing", "\(missing)")

        let bad = try await setup.run(["store", "check", "--heartbeat-grace", "0"])
        #expect(bad.exitCode == 64 && bad.stderrLines.count == 1, "\(bad)")
    }
}
