import Foundation

/// Where model files live, one folder per model name and version (`NAME/vK/model.mfm`):
/// - by default for a SQLite store, in the `artifacts/` folder beside the store file
///   (`Runs/artifacts/` for `Runs/mfsweep.sqlite`); the store records paths relative to its own
///   folder, so a store and its artifacts can be moved together;
/// - by default for a PostgreSQL store, in the database itself: the recorded path starts with
///   `db:` and names the file's chunks, so any host that reaches the store can load it;
/// - with `promote --artifacts DIR`, in DIR (a folder every host mounts at the same path); the
///   store records absolute paths.
public enum ArtifactLocation {
    /// The prefix of a recorded path whose file is kept in the database.
    public static let databasePrefix = "db:"

    /// Whether a recorded path names a file kept in the database.
    public static func isInDatabase(_ recorded: String) -> Bool { recorded.hasPrefix(databasePrefix) }

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
        "artifacts/" + versionPath(name: name, version: version)
    }

    /// The path of version K inside an artifacts folder: `NAME/vK/model.mfm`.
    public static func versionPath(name: String, version: Int) -> String {
        "\(name)/v\(version)/\(ArtifactFiles.fileName)"
    }

    /// A path the store recorded, as a path from the current folder (a `db:` path as it is).
    public static func resolve(_ relative: String, storePath: String) -> String {
        relative.hasPrefix("/") || isInDatabase(relative) ? relative : storeFolder(storePath) + "/" + relative
    }
}
