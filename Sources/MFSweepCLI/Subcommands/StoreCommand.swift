import ArgumentParser
import Foundation
import Registry
import Tracking

extension MFSweep {
    /// `mfsweep store`: looking after a run store.
    struct StoreCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store", abstract: "Look after a run store.", subcommands: [Check.self, Copy.self])

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
                    store: store, now: Date().timeIntervalSince1970,
                    heartbeatGrace: heartbeatGrace)
                for problem in check.problems { Console.current.print(problem.description) }
                Console.current.print(check.summary)
                if !check.problems.isEmpty {
                    throw StoreCheckFailed(path: store.path, count: check.problems.count)
                }
            }
        }

        /// `mfsweep store copy SRC DST`.
        struct Copy: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Copy every sweep and model of one store into another (SQLite or PostgreSQL, either way).",
                discussion: """
                    Copies sweeps with their runs, metric history and fold results, and models \
                    with their versions, aliases and files, in one transaction: all or nothing. \
                    DST is created if it does not exist; a sweep or model name it already has \
                    stops the copy. Model files go into a PostgreSQL destination's database, or \
                    into artifacts/ beside a SQLite one; each is checked against its sha256 first.
                    """)

            @Argument(help: ArgumentHelp("The store to copy from: a SQLite file or postgres:// URL.", valueName: "src"))
            var source: String

            @Argument(help: ArgumentHelp("The store to copy into (created if missing).", valueName: "dst"))
            var destination: String

            func run() async throws {
                let from = try RunStore.existingForReading(at: source)
                let to = try RunStore(path: destination)
                let summary = try StoreCopy.run(from: from, to: to)
                Console.current.print("copied \(summary) from \(from.path) to \(to.path)")
            }
        }
    }
}
