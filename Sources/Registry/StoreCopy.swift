import Foundation
public import Tracking

/// `mfsweep store copy SRC DST`: every sweep and model of one store into another, either way
/// between SQLite and PostgreSQL, with the model files.
///
/// Model files go where the destination keeps them by default: into a PostgreSQL database, or
/// into `artifacts/` beside a SQLite file. A file recorded at an absolute path (a shared folder,
/// `promote --artifacts`) stays where it is. Every file is checked against its recorded sha256
/// before anything is written; the rows are written in one transaction, and files written
/// beside a SQLite destination are removed again if it fails.
public enum StoreCopy {
    /// Copies `source` into `destination`.
    ///
    /// - Throws: ``StoreError`` (a name clash, a database error), ``ArtifactError`` for a
    ///   missing or damaged model file.
    public static func run(from source: RunStore, to destination: RunStore) throws -> RunStore.CopySummary {
        var files: [Int64: RunStore.CopiedFile] = [:]
        var written: [String] = []
        do {
            for model in try source.models() {
                for version in try source.modelVersions(modelID: model.id) {
                    let recorded = version.artifactPath
                    guard !recorded.hasPrefix("/") else { continue }
                    let (bytes, path) = try StoredArtifact.bytes(of: version, in: source)
                    guard let bytes else { throw ArtifactError(path: path, "no such file") }
                    let hash = ArtifactFiles.sha256(bytes)
                    guard hash == version.sha256 else {
                        throw ArtifactError(path: path, "has sha256 \(hash), the store recorded \(version.sha256)")
                    }
                    let relative = ArtifactLocation.relativePath(name: model.name, version: version.version)
                    if destination.isPostgres {
                        files[version.id] = .init(path: ArtifactLocation.databasePrefix + relative, bytes: bytes)
                    } else {
                        let target = ArtifactLocation.resolve(relative, storePath: destination.path)
                        let temporary = try ArtifactFiles.writeTemporary(
                            bytes, in: (target as NSString).deletingLastPathComponent)
                        try ArtifactFiles.install(temporary, at: target)
                        written.append(target)
                        files[version.id] = .init(path: relative, bytes: nil)
                    }
                }
            }
            return try destination.copy(from: source, files: files)
        } catch {
            for path in written { try? FileManager.default.removeItem(atPath: path) }
            throw error
        }
    }
}
