import Agents
import ArgumentParser
import Foundation
import Registry
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
            if let delete {
                try ModelNaming.validateName(target)
                try ModelNaming.validateAlias(delete)
                let version = try ModelCatalog.deleteAlias(delete, of: target, in: try storeOptions.open())
                Console.current.print("deleted alias \(target)@\(delete) (it pointed at v\(version))")
                return
            }
            let alias = alias!
            _ = try ModelCatalog.versionReference(target)
            try ModelNaming.validateAlias(alias)
            let (name, version, change) = try ModelCatalog.setAlias(alias, to: target, in: try storeOptions.open())
            switch change {
            case .created: Console.current.print("\(name)@\(alias) → v\(version)")
            case .unchanged: Console.current.print("\(name)@\(alias) → v\(version) (unchanged)")
            case .moved(let old): Console.current.print("\(name)@\(alias) → v\(version) (moved from v\(old))")
            }
        }
    }

    /// `mfsweep models archive NAME@K`.
    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Archive a version: kept with its lineage and loadable by number, skipped by 'latest', no aliases.")

        @Argument(help: "NAME@VERSION.")
        var target: String

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            _ = try ModelCatalog.versionReference(target)
            let (name, version, changed) = try ModelCatalog.archive(target, in: try storeOptions.open())
            Console.current.print(changed ? "archived \(name) v\(version)" : "\(name) v\(version) was already archived")
        }
    }

    /// `mfsweep models explain MODEL`.
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Items with the lowest and highest bias, and at both ends of the two main directions of the item factors.",
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
            case .text: Console.current.print(explanation.render())
            case .json: Console.current.print(try jsonText(explanation))
            }
        }
    }
}
