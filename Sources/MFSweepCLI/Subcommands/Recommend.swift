import Agents
import ArgumentParser
import Foundation
import Ratings
import Registry

extension MFSweep {
    /// `mfsweep recommend --model M --user RAWID [-k 10] [--json]`, or `--users FILE`.
    struct Recommend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Top-k items a user has not rated, by predicted rating, from a registered model or a model file.",
            discussion: """
                --users FILE reads one raw user id per line (blank lines and lines starting with # are skipped) and
                prints one list per id line, in file order (with --json, one JSON object per line). An unknown user is an error unless
                --cold-start popular is given: then it gets the items with the highest learned item bias (an
                embedding_nn model: the most-rated items), labelled as a cold-start list. An embedding_nn model scores
                every unrated item with the user's and the item's side features and the time features of a rating
                made at the training data's latest timestamp.
                """)

        @OptionGroup var modelOptions: ModelOptions

        @Option(help: "The raw user id, as in the ratings file.")
        var user: String?

        @Option(help: "A file of raw user ids, one per line.")
        var users: String?

        @Option(name: .short, help: "Items per user.")
        var k: Int = 10

        @Option(help: "For a user the model does not know: none (an error) or popular.")
        var coldStart: ColdStartOption = .none

        @Flag(help: "Print JSON.")
        var json = false

        func validate() throws {
            guard (user == nil) != (users == nil) else {
                throw ValidationError("give --user RAWID or --users FILE (one of them)")
            }
            if !(1...10_000).contains(k) { throw ValidationError("-k must be in 1...10000, got \(k)") }
        }

        func run() async throws {
            let list = try users.map { path in try UserList.read(path: path) }
            let loaded = try modelOptions.load()
            guard let list else {
                let result = try ModelInference.recommend(loaded, user: user!, k: k, coldStart: coldStart.value)
                Console.current.write(json ? try jsonText(result) + "\n" : ModelInference.render(result) + "\n")
                return
            }
            // One user at a time: each list is written (and flushed at least every 100 ms) as
            // soon as it is made, so output starts at once and memory does not grow with the
            // file. Unknown users were refused before anything was written.
            let results = try ModelInference.recommendations(loaded, for: list, k: k, coldStart: coldStart.value)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let console = Console.current
            let clock = ContinuousClock()
            var lastFlush: ContinuousClock.Instant?
            var first = true
            for result in results {
                let text =
                    json
                    ? String(decoding: try encoder.encode(result), as: UTF8.self) + "\n"
                    : (first ? "" : "\n") + ModelInference.render(result) + "\n"
                console.write(text)
                first = false
                if lastFlush.map({ $0.duration(to: clock.now) >= .milliseconds(100) }) ?? true {
                    console.flush()
                    lastFlush = clock.now
                }
            }
            console.flush()
        }
    }
}

/// `--cold-start none|popular`.
enum ColdStartOption: String, ExpressibleByArgument, CaseIterable {
    case none
    case popular

    var value: ColdStart { self == .none ? .none : .popular }
}
