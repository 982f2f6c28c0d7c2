extension SideFeatureRequest {
    /// The message when side features meet a model that cannot use them.
    public static let needsEmbeddingNN = "features need model embedding_nn"

    /// Checks that `model` consumes side features: only `embedding_nn` does.
    ///
    /// - Throws: ``HyperparameterError`` at `model` (exit 64): `features need model embedding_nn`.
    public static func check(model: Hyperparameters.Model) throws(HyperparameterError) {
        guard model == .embeddingNN else {
            throw HyperparameterError(
                name: "model", message: "\(needsEmbeddingNN) (got \(model.rawValue)); set model to embedding_nn")
        }
    }
}

extension SideFeatureRequest {
    /// A request from command-line values: each of `arguments` is one name or several separated
    /// by commas (`--features user.age,item.genres --features time.hour`); the files are keyed by
    /// their first column, with the delimiter detected.
    public init(arguments: [String], userFile: String? = nil, itemFile: String? = nil) {
        let names = arguments.flatMap { $0.split(separator: ",") }.map { name in
            String(name.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        }
        self.init(
            names: names.filter { !$0.isEmpty }, userFile: userFile.map { SideFeatureFile(path: $0) },
            itemFile: itemFile.map { SideFeatureFile(path: $0) })
    }
}
