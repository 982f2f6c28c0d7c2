import Foundation
public import Tracking

/// A registered version's model file, read wherever the store keeps it (see
/// ``ArtifactLocation``): from the database for a `db:` path, else from disk.
public enum StoredArtifact {
    /// The file's bytes and the path to name in messages, or nil bytes when it is missing.
    public static func bytes(of version: ModelVersionRecord, in store: RunStore) throws -> (
        bytes: [UInt8]?, path: String
    ) {
        let path = ArtifactLocation.resolve(version.artifactPath, storePath: store.path)
        if ArtifactLocation.isInDatabase(version.artifactPath) {
            return (try store.artifactBytes(path: version.artifactPath), "\(path) in \(store.path)")
        }
        return (FileManager.default.contents(atPath: path).map { [UInt8]($0) }, path)
    }

    /// Loads and checks the version's model: its bytes must hash to the recorded sha256.
    ///
    /// - Throws: ``ArtifactError`` naming the file: missing, unreadable or bad.
    public static func load(_ version: ModelVersionRecord, from store: RunStore) throws -> (ModelArtifact, path: String)
    {
        guard ArtifactLocation.isInDatabase(version.artifactPath) else {
            let path = ArtifactLocation.resolve(version.artifactPath, storePath: store.path)
            return (try ArtifactFiles.load(path: path, expectedSHA256: version.sha256), path)
        }
        let (bytes, path) = try bytes(of: version, in: store)
        guard let bytes else { throw ArtifactError(path: path, "no such file in the store") }
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ArtifactError) -> ModelArtifact in
                try ModelArtifact.decode(buffer, path: path, expectedSHA256: version.sha256)
            }
        }
        return (try result.get(), path)
    }
}
