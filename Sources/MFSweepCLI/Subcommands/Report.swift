import Agents
public import ArgumentParser
import Core
import Foundation
import Reports

extension MFSweep {
    /// `mfsweep report SWEEP`.
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A sweep's header, top runs, Pareto fronts, fold consistency, parameter importance and failures.",
            discussion: "text fits 100 columns; json is the documented, stable schema (README); "
                + "html is one self-contained page with SVG charts (write it with -o).")

        @Argument(help: "Sweep name.")
        var sweep: String

        @Option(help: "text, markdown, json or html.")
        var format: ReportFormat = .text

        @Option(help: "Rows in the ranking.")
        var top: Int = 10

        @Option(help: "Best runs whose training curves the HTML report draws.")
        var curves: Int = 3

        @Option(
            name: [.short, .customLong("output")], help: "Write the report to this file instead of standard output.")
        var output: String?

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard top >= 1 else { throw ValidationError("--top must be at least 1 (got \(top))") }
            guard (0...20).contains(curves) else { throw ValidationError("--curves must be in 0...20 (got \(curves))") }
        }

        func run() async throws {
            let report = try storeOptions.report(sweep, histories: format == .html ? curves : 0)
            let text = report.render(format, top: top)
            guard let output else {
                Console.current.print(text)
                return
            }
            try AtomicFile.write(text + "\n", to: output)
            Console.current.writeError("wrote \(output)\n")
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
