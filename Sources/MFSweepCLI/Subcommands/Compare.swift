import Agents
import ArgumentParser
import Foundation
import Reports
import Tracking

extension MFSweep {
    /// `mfsweep compare RUN RUN ...`.
    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Runs side by side: configs (differences marked), per-fold metrics, final and best values, steps, seconds.",
            discussion: "A RUN is a run number (of --sweep, or of the store's only sweep) or SWEEP/NUMBER. "
                + "All runs must belong to one sweep.")

        @Argument(help: "Runs: NUMBER or SWEEP/NUMBER.")
        var runs: [String]

        @Option(help: "The sweep of runs given as plain numbers.")
        var sweep: String?

        @Option(help: "text, markdown or json.")
        var format: ReportFormat = .text

        @OptionGroup var storeOptions: StoreOptions

        /// The runs as given, each a number (of `--sweep`, if given) or `SWEEP/NUMBER`.
        private var references: [RunReference] {
            get throws {
                try runs.map { text in
                    var reference = try RunReference(parsing: text)
                    reference.sweep = reference.sweep ?? sweep
                    return reference
                }
            }
        }

        func validate() throws {
            guard !runs.isEmpty else { throw ValidationError("give at least one run") }
            guard format != .html else { throw ValidationError("compare writes text, markdown or json") }
            let names: Set<String>
            do { names = Set(try references.compactMap(\.sweep)) } catch { throw ValidationError("\(error)") }
            guard names.count <= 1 else {
                throw ValidationError("runs of one sweep at a time (got \(names.sorted().joined(separator: ", ")))")
            }
        }

        func run() async throws {
            let refs = try references
            let store = try storeOptions.openForReading()
            let record = try store.sweep(refs.compactMap(\.sweep).first)
            let comparison = try SweepReporting.comparison(store: store, sweep: record, numbers: refs.map(\.number))
            switch format {
            case .json: Console.current.print(comparison.json())
            case .markdown: Console.current.print(comparison.markdown())
            case .text, .html: Console.current.print(comparison.text())
            }
        }
    }
}
