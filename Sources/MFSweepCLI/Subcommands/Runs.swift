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

        @Option(help: "text or json (one JSON object per line).")
        var format: OutputFormat = .text

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let report = try storeOptions.report(sweep, readsData: false)
            switch format {
            case .text: Console.current.print(report.renderRuns())
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                for run in report.runs {
                    Console.current.print(String(decoding: try encoder.encode(run), as: UTF8.self))
                }
            }
        }
    }
}

/// `--format text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
