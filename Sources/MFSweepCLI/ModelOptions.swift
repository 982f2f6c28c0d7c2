import ArgumentParser
import Registry

/// `--model NAME@ALIAS | NAME@K | NAME | PATH` and the store it is looked up in.
struct ModelOptions: ParsableArguments {
    @Option(help: "NAME@ALIAS, NAME@VERSION, NAME (the latest version) or a model file path (anything with a '/').")
    var model: String

    @OptionGroup var storeOptions: StoreOptions

    /// Parses and loads the model.
    func load() throws -> LoadedModel { try loadModel(model, storePath: storeOptions.path) }
}

/// Parses and loads the model `text` names, from the registry of the store at `storePath` or
/// from a file.
func loadModel(_ text: String, storePath: String) throws -> LoadedModel {
    try ModelLoader.load(try ModelReference(parsing: text), storePath: storePath)
}
