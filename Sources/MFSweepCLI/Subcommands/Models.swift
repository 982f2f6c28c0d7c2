import Agents
import ArgumentParser
import Foundation
import Registry
import Tracking

extension MFSweep {
    /// `mfsweep models list|show|alias|archive|explain`.
    struct Models: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The model registry: versions, aliases, lineage; move aliases, archive versions, explain a model.",
            subcommands: [List.self, Show.self, Alias.self, Archive.self, Explain.self],
            defaultSubcommand: List.self)
    }
}

extension MFSweep.Models {
    /// `mfsweep models list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every model: versions, latest version, aliases.")

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let store = try storeOptions.openForReading()
            let entries = try ModelCatalog.list(store)
            switch format {
            case .text: Console.current.print(ModelCatalog.render(entries, storePath: storeOptions.shown))
            case .json: Console.current.print(try jsonText(entries))
            }
        }
    }

    /// `mfsweep models show NAME`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A model's versions with aliases, lineage, metrics, artifact path and sha256.")

        @Argument(help: "Model name.")
        var name: String

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try ModelNaming.validateName(name)
            let detail = try ModelCatalog.detail(try storeOptions.openForReading(), name: name)
            switch format {
            case .text: Console.current.print(ModelCatalog.render(detail))
            case .json: Console.current.print(try jsonText(detail))
            }
        }
    }
}

/// Pretty JSON with sorted keys.
func jsonText(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
