import Agents
import ArgumentParser
import Factorization
import Foundation
import Registry
import Reports
import Tracking

extension MFSweep {
    /// `mfsweep promote RUN --name NAME` / `mfsweep promote --best SWEEP --name NAME`.
    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Refit a run's config on all of its sweep's data and register it as the next version of a model.",
            discussion: """
                A RUN is a run number (of --sweep, or of the store's only sweep) or SWEEP/NUMBER; --best SWEEP
                takes the sweep's best finished run by its metric. The model file goes to artifacts/NAME/vK/model.mfm
                beside the store. Names and aliases: 1-64 letters, digits, '-', '_', '.', not starting with '.';
                an alias is not a number and not 'latest'.
                """)

        @Argument(help: "The run: NUMBER or SWEEP/NUMBER.")
        var run: String?

        @Option(help: "Promote the best finished run of this sweep.")
        var best: String?

        @Option(help: "The sweep of a run given as a plain number.")
        var sweep: String?

        @Option(help: "The model's name.")
        var name: String

        @Option(help: "Point this alias at the new version (e.g. champion).")
        var alias: String?

        @Option(help: "Training threads (default: all cores).")
        var threads: Int = Processors.available

        @Option(
            help: ArgumentHelp(
                "Write the model file under this folder instead of the default place.",
                discussion: """
                    By default a SQLite store keeps model files in artifacts/ beside it, and a \
                    PostgreSQL store keeps them in the database. Use a folder every host mounts \
                    at the same path. Default: $MFSWEEP_ARTIFACTS.
                    """, valueName: "dir"))
        var artifacts: String?

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard (run == nil) != (best == nil) else {
                throw ValidationError("give a RUN or --best SWEEP (one of them)")
            }
            if best != nil && sweep != nil { throw ValidationError("--sweep goes with a RUN number, not with --best") }
            try CountOption.check(threads, option: "--threads")
        }

        /// The promoter's source.
        private func source() throws -> Promoter.Source {
            if let best { return .best(sweep: best) }
            let reference = try RunReference(parsing: run!)
            return .run(sweep: reference.sweep ?? sweep, number: reference.number)
        }

        func run() async throws {
            let source = try source()
            let display = Console.current.progressDisplay()
            var promoter = Promoter(
                storePath: storeOptions.path, name: name, alias: alias, toolVersion: MFSweep.configuration.version,
                threads: threads, log: { display.note("promote: \($0)") },
                progress: { step, steps, omse in
                    display.update(.refit(step: step, steps: steps, trainOMSE: omse), milestone: step == steps)
                    if step == steps { display.finish() }
                })
            promoter.artifactsFolder =
                artifacts
                ?? ProcessInfo.processInfo.environment["MFSWEEP_ARTIFACTS"].flatMap {
                    $0.isEmpty ? nil : $0
                }
            let outcome: Promoter.Outcome
            do {
                defer { display.finish() }
                outcome = try promoter.promote(source)
            }
            let v = outcome.version
            let metric = (try? JSONDecoder().decode(CVMetrics.self, from: Data(v.metricsJSON.utf8)))?.value
            Console.current.print(
                "registered \(name) v\(v.version)" + (alias.map { " (alias \($0))" } ?? "")
                    + " from run \(v.sweepName)/\(v.runNumber) (\(outcome.metricName) \(metric.map { String(format: "%.4f", $0) } ?? "-"))"
            )
            Console.current.print(
                "  refit:    train omse \(v.refitTrainOMSE.map { String(format: "%.4f", $0) } ?? "-") after \(v.refitSteps) steps on all data, "
                    + "\(String(format: "%.1f", v.refitSeconds)) s")
            Console.current.print("  artifact: \(outcome.artifactPath) (\(v.byteCount) bytes)")
            Console.current.print("  sha256:   \(v.sha256)")
            Console.current.print(
                "  titles:   \(outcome.titlesFile ?? "none (no u.item or movies.csv beside the ratings)")")
        }
    }
}
