import Agents
import Foundation
import ArgumentParser
import Registry
import Tracking

/// `--model NAME@ALIAS | NAME@K | NAME | PATH` and the store it is looked up in.
struct ModelOptions: ParsableArguments {
    @Option(help: "NAME@ALIAS, NAME@VERSION, NAME (the latest version) or a model file path (anything with a '/').")
    var model: String

    @OptionGroup var storeOptions: StoreOptions

    /// Parses and loads the model, turning every failure into its one-line message and exit 64.
    func load() throws -> LoadedModel { try loadModel(model, storePath: storeOptions.path) }
}

/// Parses and loads the model `text` names, turning every failure into its one-line message
/// and exit 64.
func loadModel(_ text: String, storePath: String) throws -> LoadedModel {
    try reportingErrors(store: storePath) {
        try ModelLoader.load(try ModelReference(parsing: text), storePath: storePath)
    }
}

/// Runs `body`, turning input errors (bad names, unknown models, versions, aliases, runs or
/// sweeps, damaged files) into their one-line message and exit 64, and other failures into exit 1.
func reportingErrors<T>(store: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as StoreError {
        // Name the store where a name was looked up in vain.
        throw Terminal.fail("\(error)".replacingOccurrences(of: "in the run store", with: "in the run store \(store)"))
    } catch let error as AgentError {
        throw Terminal.fail("\(error)")
    } catch let error as ArtifactError {
        throw Terminal.fail("\(error)")
    } catch {
        throw Terminal.fail("\(error)", code: Terminal.failure)
    }
}
