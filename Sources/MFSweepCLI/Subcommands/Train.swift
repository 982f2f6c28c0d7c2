import Agents
import ArgumentParser
import Core
import Factorization
import Foundation
import Ratings
import Reports
import Search

extension MFSweep {
    /// `mfsweep train`: one training run from flags or a JSON config.
    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train one model (with k-fold cross-validation or a holdout) and report it.",
            discussion: """
                Parameters use the book's names: emb_dim, prior_std, alpha, steps, ell_2, gram,
                decay_pct, period_length, num_folds, and the extensions bias, optimizer
                (gd|sgd|momentum|rmsprop|adam|als), momentum, beta1, beta2, epsilon, rho, wd,
                weighted_lambda (als),
                y_range ([lo, hi]), schedule (step|one_cycle|constant), pct_start, div,
                div_final; mini-batch training with batch_size, epochs, sparse, log_batches;
                model (dot|embedding_nn) with layers, ps, embed_p, user_emb_dim, item_emb_dim.
                --param overrides --config, which overrides the defaults.
                """)

        @Option(help: "Ratings file (u.data, ratings.dat, ratings.csv or any delimited file).")
        var data: String

        @OptionGroup var dataOptions: DataOptions

        @OptionGroup var featureOptions: FeatureOptions

        @Option(help: "Hyperparameters as a JSON object: a file path, or inline JSON starting with '{'.")
        var config: String?

        @Option(name: .long, help: "One hyperparameter, NAME=VALUE (repeatable).")
        var param: [String] = []

        @Option(help: "k-fold cross-validation with K folds.")
        var folds: Int?

        @Option(help: "Random holdout: the fraction of ratings held out for testing.")
        var holdout: Double?

        @Option(help: "Prequential holdout: each user's most recent fraction of ratings is tested.")
        var prequential: Double?

        @Option(help: "Seed of the split and the initialisation.")
        var seed: UInt64 = 0

        @Option(
            help:
                "Log (and redraw progress) every N steps; 0 logs only the last step (default: 50, and every pass for optimizer als)."
        )
        var logEvery: Int?

        @Option(help: "Threads (default: all cores).")
        var threads: Int = Processors.available

        @Flag(help: "Print one JSON object with the config, data, folds and summary.")
        var json = false

        func validate() throws {
            let chosen = [folds != nil, holdout != nil, prequential != nil].filter { $0 }.count
            if chosen > 1 {
                throw ValidationError("choose one of --folds, --holdout, --prequential")
            }
            if let k = folds, k < 2 { throw ValidationError("--folds must be at least 2, got \(k)") }
            for (name, f) in [("--holdout", holdout), ("--prequential", prequential)] {
                if let f, !(f > 0 && f < 1) {
                    throw ValidationError("\(name) must be a fraction in (0, 1), got \(f)")
                }
            }
            try CountOption.check(threads, option: "--threads")
            if let logEvery, logEvery < 0 { throw ValidationError("--log-every must be ≥ 0, got \(logEvery)") }
        }

        func run() async throws {
            var hyperparameters = try ParameterFile.hyperparameters(config: config, assignments: param)
            let request = featureOptions.request
            if !request.isEmpty { try SideFeatureRequest.check(model: hyperparameters.model) }
            let loaded = try dataOptions.load(data)
            let features = try featureOptions.load(for: loaded)
            if let features { Console.current.writeError(features.summary + "\n") }
            let validation: Validation =
                if let k = folds {
                    .kFold(k)
                } else if let f = holdout {
                    .holdout(f)
                } else if let f = prequential {
                    .prequential(f)
                } else {
                    .defaultFor(hyperparameters)
                }
            hyperparameters.numFolds = validation.foldCount
            let session = TrainingSession(
                table: loaded.table, hyperparameters: hyperparameters, validation: validation,
                seed: seed, threads: threads, features: features?.features)
            let display = Console.current.progressDisplay()
            let clock = ContinuousClock()
            let start = clock.now
            let outcome: TrainingSession.Outcome
            do {
                outcome = try session.run(logEvery: logEvery ?? hyperparameters.logInterval(usual: 50)) { log in
                    display.update(.training(log, elapsedSeconds: start.duration(to: clock.now).inSeconds))
                }
            } catch {
                display.finish()
                // A plan too big for the machine is not the data file's fault: say so as it is.
                if error is MemoryPlanError { throw error }
                if let error = error as? any MFSweepError { throw RatingsError(file: data, message: error.description) }
                throw error
            }
            display.finish()
            let report = TrainingReport(
                session: session, outcome: outcome,
                data: .init(
                    path: loaded.path, fingerprint: loaded.fingerprint(),
                    users: loaded.table.userCount, items: loaded.table.itemCount,
                    ratings: loaded.table.count, skippedRows: loaded.skippedRows))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                Console.current.print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                Console.current.print(report.renderText())
            }
            if let reason = report.diverged { throw DivergedTraining(reason: reason) }
        }
    }
}
