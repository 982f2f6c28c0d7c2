import Agents
import ArgumentParser
import Foundation
import Reports
import Tracking

extension MFSweep {
    /// `mfsweep status [SWEEP]`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What is running, done and failed, and the best run so far, per sweep.")

        @Argument(help: "Sweep name (default: every sweep in the store).")
        var sweep: String?

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let store = try storeOptions.openForReading()
            let sweeps: [SweepRecord]
            if let name = sweep {
                sweeps = [try store.sweep(name)]
            } else {
                sweeps = try store.sweeps()
                if sweeps.isEmpty { Console.current.print("no sweeps in \(storeOptions.shown)") }
            }
            for record in sweeps {
                let report = try SweepReporting.report(store: store, sweep: record, readsData: false)
                Console.current.print(report.statusLine)
            }
        }
    }
}
