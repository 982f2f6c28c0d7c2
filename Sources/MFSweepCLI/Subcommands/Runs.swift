import ArgumentParser
import Foundation
import Reports
import Tracking

extension MFSweep {
    /// `mfsweep runs SWEEP`.
    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every run of a sweep: number, state, config, metric, per-fold values, steps, seconds, error.")

        @Argument(help: "Sweep name.")
        var sweep: String

        @Option(help: "text, json (one document) or jsonl (one JSON object per line).")
        var format: RunsFormat = .text

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let report = try storeOptions.report(sweep, readsData: false)
            switch format {
            case .text: Console.current.print(report.renderRuns())
            case .json: Console.current.print(report.runsJSON())
            case .jsonl: for line in try report.runsJSONLines() { Console.current.print(line) }
            }
        }
    }
}

/// `mfsweep runs --format text|json|jsonl`.
enum RunsFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case jsonl
}

/// `--format text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
