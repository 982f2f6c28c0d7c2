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

        @Option(help: "Seconds between heartbeats (default: a third of --heartbeat-grace, at most 5).")
        var heartbeatInterval: Double?

        @Option(help: "Retries of a crashed run's config.")
        var retries: Int = 1

        @Option(help: "Stop when this agent's first N runs all fail (0: never).")
        var maxInitialFailures: Int = 5

        @Option(help: "Training threads (default: all cores).")
        var threads: Int = Processors.available

        @Option(help: "Log metrics every N steps.")
        var logEvery: Int = 50

        @Flag(help: "Print nothing but errors.")
        var quiet = false

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if let count, count < 1 { throw ValidationError("--count must be at least 1, got \(count)") }
            do {
                _ = try AgentOptions.heartbeatInterval(grace: heartbeatGrace, interval: heartbeatInterval)
            } catch {
                throw ValidationError("\(error)")
            }
            if retries < 0 { throw ValidationError("--retries must be ≥ 0") }
            if maxInitialFailures < 0 {
                throw ValidationError("--max-initial-failures must be ≥ 0, got \(maxInitialFailures)")
            }
            try CountOption.check(threads, option: "--threads")
            if logEvery < 1 { throw ValidationError("--log-every must be at least 1") }
        }

        func run() async throws {
            StopSignal.install()
            // An agent that `launch` started stops with it, however the launcher ended.
            if let launcher = ProcessInfo.processInfo.environment[StopSignal.launcherVariable].flatMap(Int32.init) {
                StopSignal.stopWithParent(launcher)
            }
            var options = AgentOptions(
                storePath: storeOptions.path, sweep: sweep, count: count, threads: threads,
                agentID:
                    "\(HostName.current):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
            )
            options.heartbeatGrace = heartbeatGrace
            options.heartbeatInterval = try AgentOptions.heartbeatInterval(
                grace: heartbeatGrace, interval: heartbeatInterval)
            options.maxRetries = retries
            options.maxInitialFailures = maxInitialFailures
            options.logEvery = logEvery
            let quiet = self.quiet
            let console = Console.current
            let agent = try Agent(options: options) { line in
                if !quiet { console.writeError("agent: \(line)\n") }
            }
            let summary = try agent.run()
            if !quiet {
                Console.current.writeError("agent: \(summary.completed) runs; \(summary.reason)\n")
            }
        }
    }
}
