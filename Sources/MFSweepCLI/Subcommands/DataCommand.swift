import ArgumentParser
import Core
import Factorization
import Foundation
import Ratings

extension MFSweep {
    /// `mfsweep data`: inspect a ratings file or make a synthetic one.
    struct DataCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Inspect a ratings file or make a synthetic one.",
            subcommands: [Info.self, Synth.self])
    }
}

extension MFSweep.DataCommand {
    /// `mfsweep data info FILE`.
    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Counts, rating histogram, density and fingerprint of a ratings file.")

        @Argument(help: "Ratings file.")
        var file: String

        @OptionGroup var dataOptions: DataOptions

        @Flag(help: "Print JSON.")
        var json = false

        /// The JSON `data info --json` prints.
        struct Output: Encodable {
            var path: String
            var format: String
            var fingerprint: String
            var skippedRows: Int
            var firstSkippedError: String?
            var duplicates: DuplicatePairs.Report
            var summary: RatingsSummary

            enum CodingKeys: String, CodingKey {
                case path, format, fingerprint, summary, duplicates
                case skippedRows = "skipped_rows"
                case firstSkippedError = "first_skipped_error"
            }
        }

        func run() async throws {
            // Without --duplicates, describe the file as written and report its repeated pairs.
            let policy = dataOptions.duplicatePolicy ?? .keep
            let loaded = try dataOptions.load(file, defaultDuplicates: policy)
            let pairs = loaded.duplicates
            let output = Output(
                path: loaded.path, format: loaded.format.name,
                fingerprint: loaded.fingerprint(), skippedRows: loaded.skippedRows,
                firstSkippedError: loaded.firstSkippedError?.description,
                duplicates: pairs.report(policy: policy),
                summary: RatingsSummary(loaded.table))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                Console.current.print(String(decoding: try encoder.encode(output), as: UTF8.self))
                return
            }
            Console.current.print("file         \(output.path) (\(output.format))")
            Console.current.print("fingerprint  \(output.fingerprint)")
            if let cache = loaded.cache { Console.current.print("cache        \(cache.description)") }
            if loaded.skippedRows > 0 {
                Console.current.print(
                    "skipped      \(loaded.skippedRows) bad rows; first: "
                        + (output.firstSkippedError ?? "").escapingControlCharacters)
            }
            Console.current.print("duplicates   " + pairs.render(policy: policy).escapingControlCharacters)
            Console.current.print(output.summary.render())
        }
    }

    /// `mfsweep data synth -o FILE`.
    struct Synth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a synthetic ratings CSV: low-rank signal + biases + noise, seeded.")

        @Option(name: .shortAndLong, help: "Output CSV path (header userId,movieId,rating,timestamp).")
        var output: String

        @Option(help: "Users.") var users = 500
        @Option(help: "Items.") var items = 300
        @Option(help: "Rank of the true factors.") var rank = 5
        @Option(help: "Fraction of the user×item matrix observed.") var density = 0.1
        @Option(help: "Standard deviation of the rating noise.") var noise = 0.25
        @Option(help: "Standard deviation of the user biases.") var userBias = 0.3
        @Option(help: "Standard deviation of the item biases.") var itemBias = 0.3
        @Option(help: "Global mean rating.") var mean = 3.5
        @Option(help: "Seed.") var seed: UInt64 = 0
        @Flag(help: "Round ratings to half stars in [1, 5].") var round = false
        @Option(
            help: ArgumentHelp(
                "How ratings spread over users and items: uniform, or zipf:S for MovieLens-like heavy tails.",
                valueName: "uniform|zipf:S"))
        var popularity = "uniform"

        func run() async throws {
            let spread: Popularity
            do {
                spread = try Popularity(parsing: popularity)
            } catch {
                throw SyntheticSpecError(problems: [error.description]).namingOptions()
            }
            let spec = SyntheticSpec(
                users: users, items: items, rank: rank, density: density, noise: noise,
                userBias: userBias, itemBias: itemBias, mean: mean, seed: seed, round: round, popularity: spread)
            do {
                try spec.validate()
            } catch let error as SyntheticSpecError {
                throw error.namingOptions()
            }
            try SyntheticRatings.memoryPlan(spec).check()
            let table = SyntheticRatings.generate(spec)
            try RatingsWriter.writeCSV(table, to: output)
            Console.current.print(
                "wrote \(output): \(table.count) ratings, \(table.userCount) users, \(table.itemCount) items, \(Fingerprint.of(table))"
            )
        }
    }
}
