import ArgumentParser
import Foundation
import Registry
import Tracking

extension MFSweep {
    /// `mfsweep store`: looking after a run store.
    struct StoreCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store", abstract: "Look after a run store.", subcommands: [Check.self])

        /// `mfsweep store check`.
        struct Check: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Report a store's integrity problems, one per line; exit 1 if there are any.",
                discussion: """
                    Checks SQLite's integrity_check, rows whose parent is gone (orphans), runs \
                    still 'running' with no heartbeat for longer than --heartbeat-grace, and \
                    every model version's file against the sha256 the store recorded.
                    """)

            @OptionGroup var storeOptions: StoreOptions

            @Option(help: "Seconds without a heartbeat after which a running run is dead.")
            var heartbeatGrace: Double = 30

            func validate() throws {
                guard heartbeatGrace > 0, heartbeatGrace.isFinite else {
                    throw ValidationError("--heartbeat-grace must be a positive number of seconds")
                }
            }

            func run() async throws {
                let store = try storeOptions.openForReading()
                let check = try StoreCheck.run(
                    store: store, storePath: storeOptions.path, now: Date().timeIntervalSince1970,
                    heartbeatGrace: heartbeatGrace)
                for problem in check.problems { Console.current.print(problem.description) }
                Console.current.print(check.summary)
                if !check.problems.isEmpty {
                    throw StoreCheckFailed(path: storeOptions.path, count: check.problems.count)
                }
            }
        }
    }
}
