import Agents
import ArgumentParser
import Factorization
import Foundation
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
        var threads: Int = WorkerPool.availableCores

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard (run == nil) != (best == nil) else { throw ValidationError("give a RUN or --best SWEEP (one of them)") }
            if best != nil && sweep != nil { throw ValidationError("--sweep goes with a RUN number, not with --best") }
            if !(1...256).contains(threads) { throw ValidationError("--threads must be in 1...256, got \(threads)") }
        }

        /// The promoter's source, or exit 64 for a malformed RUN.
        private func source() throws -> Promoter.Source {
            if let best { return .best(sweep: best) }
            let text = run!
            let (name, digits): (String?, Substring) =
                if let slash = text.lastIndex(of: "/") {
                    (String(text[..<slash]), text[text.index(after: slash)...])
                } else {
                    (nil, Substring(text))
                }
            guard let n = Int(digits), n >= 1, name?.isEmpty != true else {
                throw Terminal.fail("run '\(text)': expected NUMBER or SWEEP/NUMBER (e.g. 3 or mf-HPO-CV/3)")
            }
            return .run(sweep: name ?? sweep, number: n)
        }

        func run() async throws {
            let source = try source()
            let display = ProgressDisplay.standardError()
            let promoter = Promoter(
                storePath: storeOptions.path, name: name, alias: alias, toolVersion: MFSweep.configuration.version,
                threads: threads, log: { display.note("promote: \($0)") },
                progress: { step, steps, omse in
                    display.update(.refit(step: step, steps: steps, trainOMSE: omse), milestone: step == steps)
                    if step == steps { display.finish() }
                })
            let outcome = try reportingErrors(store: storeOptions.path) {
                defer { display.finish() }
                do {
                    return try promoter.promote(source)
                } catch let failure as PromotionFailure {
                    display.finish()
                    throw Terminal.fail(failure.message, code: Terminal.failure)
                }
            }
            let v = outcome.version
            let metric = (try? JSONDecoder().decode(CVMetrics.self, from: Data(v.metricsJSON.utf8)))?.value
            print(
                "registered \(name) v\(v.version)" + (alias.map { " (alias \($0))" } ?? "")
                    + " from run \(v.sweepName)/\(v.runNumber) (\(outcome.metricName) \(metric.map { String(format: "%.4f", $0) } ?? "-"))")
            print(
                "  refit:    train omse \(v.refitTrainOMSE.map { String(format: "%.4f", $0) } ?? "-") after \(v.refitSteps) steps on all data, "
                    + "\(String(format: "%.1f", v.refitSeconds)) s")
            print("  artifact: \(outcome.artifactPath) (\(v.byteCount) bytes)")
            print("  sha256:   \(v.sha256)")
            print("  titles:   \(outcome.titlesFile ?? "none (no u.item or movies.csv beside the ratings)")")
        }
    }
}
