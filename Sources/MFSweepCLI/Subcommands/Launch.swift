import Agents
import ArgumentParser
import Core
import Foundation
import Ratings
import Reports
import Search
import Tracking

extension MFSweep {
    /// `mfsweep launch FILE`: create the sweep and run agents until it is done.
    struct Launch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a sweep from a sweep file and run agent processes until it is done.")

        @Argument(help: "Sweep file (JSON).")
        var file: String

        @Option(help: "Agent processes to start.")
        var agents: Int = 2

        @Option(help: "Runs in the sweep (overrides the file's count).")
        var count: Int?

        @Flag(help: "Continue the sweep of this name in the store even if the file changed.")
        var resume = false

        @Option(help: "Ratings file to use instead of the sweep's own data.")
        var data: String?

        @Option(help: "Format of --data: auto, movielens-100k, movielens-dat, csv.")
        var format: String = "auto"

        @Option(
            help:
                "(user, item) pairs rated more than once in the data file: error, last or mean (default: the sweep's, else error)."
        )
        var duplicates: String?

        @Option(help: "Seconds without a heartbeat after which a run is crashed and retried.")
        var heartbeatGrace: Double = 30

        @Option(help: "Training threads per agent (default: the cores divided among the agents).")
        var threadsPerAgent: Int?

        @Option(help: "Each agent stops when its first N runs all fail (0: never).")
        var maxInitialFailures: Int = 5

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            try CountOption.check(agents, option: "--agents")
            if let count, count < 1 { throw ValidationError("--count must be at least 1, got \(count)") }
            if let t = threadsPerAgent { try CountOption.check(t, option: "--threads-per-agent") }
            if maxInitialFailures < 0 {
                throw ValidationError("--max-initial-failures must be ≥ 0, got \(maxInitialFailures)")
            }
            if !(heartbeatGrace.isFinite && heartbeatGrace >= 1) {
                throw ValidationError("--heartbeat-grace must be at least 1 second, got \(heartbeatGrace)")
            }
            if RatingsFormat(argument: format) == nil {
                throw ValidationError(
                    "unknown --format '\(format)'; accepted: " + RatingsFormat.argumentNames.joined(separator: ", "))
            }
            if let duplicates, DuplicatePolicy(argument: duplicates) == nil {
                throw ValidationError(
                    "unknown --duplicates '\(duplicates)'; accepted: "
                        + DuplicatePolicy.argumentNames.joined(separator: ", "))
            }
        }

        func run() async throws {
            var options = Launcher.Options(
                sweepFile: file, agents: agents, storePath: storeOptions.path,
                executable: Executable.current)
            options.dataPath = data
            options.dataFormat = RatingsFormat(argument: format) ?? .auto
            options.duplicates = duplicates.flatMap(DuplicatePolicy.init(argument:))
            options.count = count
            options.resume = resume
            options.heartbeatGrace = heartbeatGrace
            options.threadsPerAgent = threadsPerAgent
            options.maxInitialFailures = maxInitialFailures
            let launcher = try Launcher(options: options)
            Console.current.writeError(
                "\(launcher.created ? "created" : "resuming") sweep '\(launcher.sweep.name)' in \(storeOptions.shown); "
                    + "starting \(agents) agent\(agents == 1 ? "" : "s")\n")
            StopSignal.install()
            let display = Console.current.progressDisplay()
            let report: SweepReport
            do {
                report = try launcher.run { progress in
                    display.update(progress.line, milestone: progress.countsChanged)
                }
            } catch {
                display.finish()
                throw error
            }
            display.finish()
            Console.current.print(report.renderText())
            if let verdict = Launcher.verdict(report, stopped: StopSignal.isRequested) { throw verdict }
        }
    }
}
