import Testing

@testable import Agents

/// The heartbeat interval derived from the grace period (`agent --heartbeat-grace` alone).
struct AgentOptionsTests {
    @Test("--heartbeat-grace alone: the interval is a third of the grace, at most the 5 s default")
    func intervalFromGrace() throws {
        #expect(try AgentOptions.heartbeatInterval(grace: 2, interval: nil) == 2.0 / 3)
        #expect(try AgentOptions.heartbeatInterval(grace: 3, interval: nil) == 1)
        #expect(try AgentOptions.heartbeatInterval(grace: 12, interval: nil) == 4)
        #expect(try AgentOptions.heartbeatInterval(grace: 15, interval: nil) == 5)
        #expect(try AgentOptions.heartbeatInterval(grace: 30, interval: nil) == AgentOptions.defaultHeartbeatInterval)
        #expect(try AgentOptions.heartbeatInterval(grace: 600, interval: nil) == 5)
    }

    @Test("a given interval is kept when it is shorter than the grace")
    func givenInterval() throws {
        #expect(try AgentOptions.heartbeatInterval(grace: 2, interval: 0.5) == 0.5)
        #expect(try AgentOptions.heartbeatInterval(grace: 30, interval: 20) == 20)
    }

    @Test("an interval not shorter than the grace, or a non-positive value, is refused with a message")
    func refusals() {
        #expect(throws: SweepError.self) { try AgentOptions.heartbeatInterval(grace: 2, interval: 5) }
        #expect(throws: SweepError.self) { try AgentOptions.heartbeatInterval(grace: 5, interval: 5) }
        #expect(throws: SweepError.self) { try AgentOptions.heartbeatInterval(grace: 0, interval: nil) }
        #expect(throws: SweepError.self) { try AgentOptions.heartbeatInterval(grace: 10, interval: -1) }
        #expect(throws: SweepError.self) { try AgentOptions.heartbeatInterval(grace: .nan, interval: nil) }
        do {
            _ = try AgentOptions.heartbeatInterval(grace: 2, interval: 5)
        } catch let error as SweepError {
            #expect(error.description.contains("must be shorter than --heartbeat-grace"), "\(error)")
            #expect(error.description.contains("every 0.6667 s"), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
