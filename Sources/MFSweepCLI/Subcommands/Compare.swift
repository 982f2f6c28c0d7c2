import Agents
import ArgumentParser
import Foundation
import Reports
import Tracking

extension MFSweep {
    /// `mfsweep compare RUN RUN ...`.
    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Runs side by side: configs (differences marked), per-fold metrics, final and best values, steps, seconds.",
            discussion: "A RUN is a run number (of --sweep, or of the store's only sweep) or SWEEP/NUMBER. "
                + "All runs must belong to one sweep.")

        @Argument(help: "Runs: NUMBER or SWEEP/NUMBER.")
        var runs: [String]

        @Option(help: "The sweep of runs given as plain numbers.")
        var sweep: String?

        @Option(help: "text, markdown or json.")
        var format: ReportFormat = .text

        @OptionGroup var storeOptions: StoreOptions

        /// `(sweep, number)` of each argument.
        private var references: [(sweep: String?, number: Int)] {
            get throws {
                try runs.map { text in
                    let (name, digits): (String?, Substring) =
                        if let slash = text.lastIndex(of: "/") {
                            (String(text[..<slash]), text[text.index(after: slash)...])
                        } else {
                            (nil, Substring(text))
                        }
                    guard let n = Int(digits), n >= 1, name?.isEmpty != true else {
                        throw ValidationError("run '\(text)': expected NUMBER or SWEEP/NUMBER (e.g. 3 or mf-HPO-CV/3)")
                    }
                    return (name ?? sweep, n)
                }
            }
        }

        func validate() throws {
            guard !runs.isEmpty else { throw ValidationError("give at least one run") }
            guard format != .html else { throw ValidationError("compare writes text, markdown or json") }
            let names = Set(try references.compactMap(\.sweep))
            guard names.count <= 1 else {
                throw ValidationError("runs of one sweep at a time (got \(names.sorted().joined(separator: ", ")))")
            }
        }

        func run() async throws {
            let refs = try references
            let store = try storeOptions.open()
            let record: SweepRecord
            if let name = refs.compactMap(\.sweep).first {
                record = try storeOptions.sweep(name, in: store)
            } else {
                let all: [SweepRecord]
                do { all = try store.sweeps() } catch { throw Terminal.fail("\(error)") }
                guard all.count == 1 else {
                    throw Terminal.fail(
                        "which sweep? give --sweep or SWEEP/NUMBER; \(storeOptions.path) has "
                            + (all.isEmpty ? "no sweeps" : "sweeps " + all.map(\.name).joined(separator: ", ")))
                }
                record = all[0]
            }
            let comparison: RunComparison
            do {
                comparison = try SweepReporting.comparison(store: store, sweep: record, numbers: refs.map(\.number))
            } catch {
                throw Terminal.fail("\(error)")
            }
            switch format {
            case .json: print(comparison.json())
            case .markdown: print(comparison.markdown())
            case .text, .html: print(comparison.text())
            }
        }
    }
}
