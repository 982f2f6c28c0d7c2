import Foundation

/// Where model files live: the `artifacts/` folder beside the store file (`Runs/artifacts/`
/// for the default store `Runs/mfsweep.sqlite`), one folder per model name and version:
/// `artifacts/NAME/vK/model.mfm`. The store records paths relative to its own folder, so a
/// store and its artifacts can be moved together.
public enum ArtifactLocation {
    /// The folder that holds the store file.
    public static func storeFolder(_ storePath: String) -> String {
        let folder = (storePath as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// `artifacts/NAME` beside the store (NAME must have passed ``ModelNaming``).
    public static func modelFolder(storePath: String, name: String) -> String {
        storeFolder(storePath) + "/artifacts/" + name
    }

    /// The path of version K relative to the store's folder: `artifacts/NAME/vK/model.mfm`.
    public static func relativePath(name: String, version: Int) -> String {
        "artifacts/\(name)/v\(version)/model.mfm"
    }

    /// A path the store recorded, as a path from the current folder.
    public static func resolve(_ relative: String, storePath: String) -> String {
        relative.hasPrefix("/") ? relative : storeFolder(storePath) + "/" + relative
    }
}
