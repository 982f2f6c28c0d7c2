import Agents
import ArgumentParser
import Factorization
import Foundation
import Ratings
import Registry

extension MFSweep {
    /// `mfsweep similar --model M --item RAWID|TITLE [-k 10]`.
    struct Similar: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The items whose factor vectors (or, for embedding_nn, item embeddings) are closest (by cosine) to an item's.",
            discussion: """
                --item is a raw item id, an exact title, or a case-insensitive part of exactly one title.
                Rarely rated items have noisy factors, so only items with at least --min-ratings ratings
                are listed (the item asked about may have fewer).
                """)

        @OptionGroup var modelOptions: ModelOptions

        @Option(help: "Raw item id or title.")
        var item: String

        @Option(name: .short, help: "Neighbours.")
        var k: Int = 10

        @Option(help: "Only items with at least N ratings in the training data are candidates (1: every item).")
        var minRatings: Int = 20

        @Flag(help: "Print JSON.")
        var json = false

        func validate() throws {
            if !(1...10_000).contains(k) { throw ValidationError("-k must be in 1...10000, got \(k)") }
            if minRatings < 1 { throw ValidationError("--min-ratings must be at least 1, got \(minRatings)") }
        }

        func run() async throws {
            let loaded = try modelOptions.load()
            let artifact = loaded.artifact
            let row = try ModelInference.itemRow(loaded, item: item)
            let eligible = minRatings > 1 ? artifact.itemRatingCounts.map { $0 >= minRatings } : nil
            let neighbours = ModelInference.ranked(
                artifact, artifact.similarItems(to: row, k: k, eligible: eligible))
            let query = RankedItem(
                rank: 0, item: artifact.itemIDs.rawIDs[row], title: artifact.title(of: row), score: 1)
            if json {
                Console.current.print(
                    try jsonText(SimilarOutput(model: loaded.label, item: query, neighbours: neighbours)))
            } else {
                Console.current.print(
                    "\(loaded.label): items closest to \(artifact.label(of: row)) [item \(query.item)] by cosine similarity of \(artifact.model.network == nil ? "item factors" : "item embeddings")"
                        + (minRatings > 1 ? " (items with ≥ \(minRatings) ratings)" : ""))
                for n in neighbours { Console.current.print(ModelInference.line(n, width: 3, decimals: 3)) }
            }
        }
    }
}

/// `similar --json`.
struct SimilarOutput: Encodable {
    var model: String
    var item: RankedItem
    var neighbours: [RankedItem]
}
