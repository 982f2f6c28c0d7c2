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
                prints one list per user (with --json, one JSON object per line). An unknown user is an error unless
                --cold-start popular is given: then it gets the items with the highest learned item bias, labelled
                as a cold-start list.
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
            guard (user == nil) != (users == nil) else { throw ValidationError("give --user RAWID or --users FILE (one of them)") }
            if !(1...10_000).contains(k) { throw ValidationError("-k must be in 1...10000, got \(k)") }
        }

        func run() async throws {
            let ids: [String]
            if let user {
                ids = [user]
            } else {
                ids = try readUsers(users!)
            }
            let loaded = try modelOptions.load()
            if let users, coldStart == .none {
                let unknown = ids.filter { loaded.artifact.userRow($0) == nil }
                if !unknown.isEmpty {
                    throw Terminal.fail(
                        "\(users): \(unknown.count) user\(unknown.count == 1 ? " is" : "s are") not in model \(loaded.label) "
                            + "(\(loaded.artifact.userIDs.count) users): " + unknown.prefix(5).joined(separator: ", ")
                            + (unknown.count > 5 ? ", …" : "") + "; --cold-start popular gives them the items with the highest learned bias")
                }
            }
            let results = try reportingErrors(store: modelOptions.storeOptions.path) {
                try ids.map { try ModelInference.recommend(loaded, user: $0, k: k, coldStart: coldStart.value) }
            }
            var out = ""
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                if user != nil {
                    out = try jsonText(results[0]) + "\n"
                } else {
                    for r in results { out += String(decoding: try encoder.encode(r), as: UTF8.self) + "\n" }
                }
            } else {
                out = results.map(ModelInference.render).joined(separator: "\n\n") + "\n"
            }
            FileHandle.standardOutput.write(Data(out.utf8))
        }

        /// The ids in `path`, or exit 64 naming the file.
        private func readUsers(_ path: String) throws -> [String] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Terminal.fail("\(path): cannot read the users file (no such file, or not readable)")
            }
            let ids = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            guard !ids.isEmpty else { throw Terminal.fail("\(path): no user ids (one per line)") }
            return ids
        }
    }
}

/// `--cold-start none|popular`.
enum ColdStartOption: String, ExpressibleByArgument, CaseIterable {
    case none
    case popular

    var value: ColdStart { self == .none ? .none : .popular }
}
