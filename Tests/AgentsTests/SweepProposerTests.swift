import Core
import Search
import Testing
import Tracking

@testable import Agents

/// What a claim proposes when its prepared proposals keep colliding with other agents' claims.
@Suite struct SweepProposerTests {
    static func bayesSpec() throws -> SweepSpec {
        try SweepFile.parse(
            Array(
                """
                {"name": "b", "method": "bayes", "seed": 4, "command": ["/bin/true"],
                 "metric": {"name": "loss"},
                 "parameters": {"x": {"min": 0.0, "max": 1.0}, "lr": {"min": 0.001, "max": 0.1, "distribution": "log_uniform_values"}}}
                """.utf8), file: "b.json", baseDirectory: "/tmp")
    }

    @Test func theFallbackIsARandomConfigOfTheSpaceOwnToEachAgent() throws {
        let spec = try Self.bayesSpec()
        let sweep = SweepRecord(id: 1, name: "b", specJSON: "{}", fingerprint: "", state: .running, createdAt: 0)
        let history = ClaimHistory(sweep: sweep, runs: [], nextNumber: 7)
        let a = SweepProposer(spec: spec, agentID: "a")
        let b = SweepProposer(spec: spec, agentID: "b")
        let first = try #require(a.fallback(history))
        #expect(a.fallback(history) == first, "one agent draws the same config for one run number")
        #expect(b.fallback(history) != first, "another agent draws another")
        let config = try #require(ConfigCoding.decode(first))
        guard case .double(let x)? = config["x"], case .double(let lr)? = config["lr"] else {
            Issue.record("not a config of the space: \(first)")
            return
        }
        #expect((0...1).contains(x) && (0.001...0.1).contains(lr))
        #expect(
            a.preparesOutsideTheLock
                && !SweepProposer(spec: spec, agentID: "a", preparesOutsideTheLock: false).preparesOutsideTheLock)
    }
}
