import Agents
import ArgumentParser
import Foundation
import Tracking

extension MFSweep.Models {
    /// `mfsweep models alias NAME@K ALIAS` / `mfsweep models alias NAME --delete ALIAS`.
    struct Alias: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Point an alias at a version (moving it if it points elsewhere), or delete it.",
            discussion: "mfsweep models alias NAME@K ALIAS   |   mfsweep models alias NAME --delete ALIAS")

        @Argument(help: "NAME@VERSION to point the alias at, or NAME with --delete.")
        var target: String

        @Argument(help: "The alias.")
        var alias: String?

        @Option(help: "Delete this alias of the model.")
        var delete: String?

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard (alias == nil) != (delete == nil) else {
                throw ValidationError("give NAME@VERSION ALIAS to set an alias, or NAME --delete ALIAS to delete one")
            }
        }

        func run() async throws {
            let path = storeOptions.path
            if let delete {
                try reportingErrors(store: path) {
                    try ModelNaming.validateName(target)
                    try ModelNaming.validateAlias(delete)
                }
                let store = try storeOptions.open()
                let version = try reportingErrors(store: path) { try store.deleteModelAlias(name: target, alias: delete) }
                print("deleted alias \(target)@\(delete) (it pointed at v\(version))")
                return
            }
            let alias = alias!
            let (name, version) = try reportingErrors(store: path) { () throws -> (String, Int) in
                guard case .registered(let name, .version(let k)) = try ModelReference(parsing: target) else {
                    throw AgentError("'\(target)': expected NAME@VERSION, such as movielens-mf@3")
                }
                try ModelNaming.validateAlias(alias)
                return (name, k)
            }
            let store = try storeOptions.open()
            let previous = try reportingErrors(store: path) {
                try store.setModelAlias(name: name, version: version, alias: alias, now: Date().timeIntervalSince1970)
            }
            switch previous {
            case nil: print("\(name)@\(alias) → v\(version)")
            case version?: print("\(name)@\(alias) → v\(version) (unchanged)")
            case let old?: print("\(name)@\(alias) → v\(version) (moved from v\(old))")
            }
        }
    }

    /// `mfsweep models archive NAME@K`.
    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Archive a version: kept with its lineage and loadable by number, skipped by 'latest', no aliases.")

        @Argument(help: "NAME@VERSION.")
        var target: String

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let path = storeOptions.path
            let (name, version) = try reportingErrors(store: path) { () throws -> (String, Int) in
                guard case .registered(let name, .version(let k)) = try ModelReference(parsing: target) else {
                    throw AgentError("'\(target)': expected NAME@VERSION, such as movielens-mf@3")
                }
                return (name, k)
            }
            let store = try storeOptions.open()
            let changed = try reportingErrors(store: path) { try store.archiveModelVersion(name: name, version: version) }
            print(changed ? "archived \(name) v\(version)" : "\(name) v\(version) was already archived")
        }
    }

    /// `mfsweep models explain MODEL`.
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Items with the lowest and highest bias, and at both ends of the two main directions of the item factors.",
            discussion: """
                As fastbook chapter 8: biases, and a PCA of the item factors. Only the --top-rated most-rated
                items are considered (rarely rated items have noisy factors).
                """)

        @Argument(help: "NAME@ALIAS, NAME@VERSION, NAME or a model file path.")
        var model: String

        @Option(name: .short, help: "Items per list.")
        var k: Int = 10

        @Option(help: "Consider the N most-rated items.")
        var topRated: Int = 1000

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if !(1...1000).contains(k) { throw ValidationError("-k must be in 1...1000, got \(k)") }
            if topRated < 2 { throw ValidationError("--top-rated must be at least 2, got \(topRated)") }
        }

        func run() async throws {
            let loaded = try loadModel(model, storePath: storeOptions.path)
            let explanation = ModelExplanation(loaded, topRated: topRated, k: k)
            switch format {
            case .text: print(explanation.render())
            case .json: print(try jsonText(explanation))
            }
        }
    }
}
