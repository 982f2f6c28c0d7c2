import Agents
import ArgumentParser
import Factorization
import Foundation
import Search

extension MFSweep {
    /// `mfsweep agent SWEEP`: one more agent for a sweep, from any shell.
    struct AgentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agent",
            abstract: "Claim, train and log runs of a sweep until it is done (SIGINT/SIGTERM stop cleanly).")

        @Argument(help: "Sweep name.")
        var sweep: String

        @Option(help: "Most runs this agent trains.")
        var count: Int?

        @Option(help: "Seconds without a heartbeat after which a run is crashed and retried.")
        var heartbeatGrace: Double = 30

        @Option(help: "Seconds between heartbeats.")
        var heartbeatInterval: Double = 5

        @Option(help: "Retries of a crashed run's config.")
        var retries: Int = 1

        @Option(help: "Training threads (default: all cores).")
        var threads: Int = Processors.available

        @Option(help: "Log metrics every N steps.")
        var logEvery: Int = 50

        @Flag(help: "Print nothing but errors.")
        var quiet = false

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if let count, count < 1 { throw ValidationError("--count must be at least 1, got \(count)") }
            if heartbeatGrace <= 0 || heartbeatInterval <= 0 {
                throw ValidationError("--heartbeat-grace and --heartbeat-interval must be positive")
            }
            if heartbeatInterval >= heartbeatGrace {
                throw ValidationError("--heartbeat-interval must be shorter than --heartbeat-grace")
            }
            if retries < 0 { throw ValidationError("--retries must be ≥ 0") }
            try ThreadCount.check(threads, option: "--threads")
            if logEvery < 1 { throw ValidationError("--log-every must be at least 1") }
        }

        func run() async throws {
            StopSignal.install()
            var options = AgentOptions(
                storePath: storeOptions.path, sweep: sweep, count: count, threads: threads,
                agentID: "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))")
            options.heartbeatGrace = heartbeatGrace
            options.heartbeatInterval = heartbeatInterval
            options.maxRetries = retries
            options.logEvery = logEvery
            let quiet = self.quiet
            let console = Console.current
            let agent = try Agent(options: options) { line in
                if !quiet { console.writeError("agent: \(line)\n") }
            }
            let summary = try agent.run()
            if !quiet {
                Terminal.writeError("agent: \(summary.completed) runs; \(summary.reason)\n")
            }
        }
    }
}
