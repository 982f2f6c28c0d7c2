import Foundation
public import Tracking

/// A model ready to use, and where it came from.
public struct LoadedModel: Sendable {
    /// The artifact.
    public var artifact: ModelArtifact
    /// How to name it in output: `NAME@SELECTOR (vK)` or the file's path.
    public var label: String
    /// The registered version, when loaded through the store.
    public var version: ModelVersionRecord?
    /// The file.
    public var path: String
    /// The range `recommend` clips shown predictions to: the training ratings' range recorded
    /// in the artifact (nil for a file written before it was recorded).
    public var shownRange: ClosedRange<Double>?

    /// A loaded artifact named `label`.
    public init(artifact: ModelArtifact, label: String, version: ModelVersionRecord?, path: String) {
        self.artifact = artifact
        self.label = label
        self.version = version
        self.path = path
        self.shownRange = artifact.trainingRatingRange
    }
}

/// Loads a model from a ``ModelReference``: a registered version through the store (the file's
/// SHA-256 must match the store's), or a file directly (only its own trailer is checked, and
/// the store is not opened).
public enum ModelLoader {
    /// Loads `reference`.
    ///
    /// - Throws: ``StoreError`` (no store; unknown model, version or alias),
    ///   ``ArtifactError`` (missing or damaged file).
    public static func load(_ reference: ModelReference, storePath: String) throws -> LoadedModel {
        switch reference {
        case .file(let path):
            return LoadedModel(artifact: try ArtifactFiles.load(path: path), label: path, version: nil, path: path)
        case .registered(let name, let selector):
            guard PostgresURL.isURL(storePath) || FileManager.default.fileExists(atPath: storePath) else {
                throw StoreError.noStore(path: storePath)
            }
            // Read-only and unmigrated is fastest; a store an older mfsweep wrote is migrated.
            let store = try RunStore.openForReading(path: storePath) ?? RunStore(path: storePath)
            let version = try RegistryError.namingStore(store.path) { try store.resolveModel(name: name, selector) }
            let (artifact, path) = try StoredArtifact.load(version, from: store)
            let label =
                selector == .version(version.version)
                ? "\(name)@\(version.version)" : "\(name)@\(selector) (v\(version.version))"
            return LoadedModel(artifact: artifact, label: label, version: version, path: path)
        }
    }
}
