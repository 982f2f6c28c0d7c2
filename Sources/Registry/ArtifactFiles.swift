public import Foundation
import Ratings

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Model files on disk: one read to load, and a write that is never seen half-done (a temporary
/// file in the destination folder, `fsync`, then `rename`).
public enum ArtifactFiles {
    /// The file name of a model inside its version folder.
    public static let fileName = "model.mfm"

    /// Loads and checks the artifact at `path` (see ``ModelArtifact/decode(_:path:expectedSHA256:)``).
    ///
    /// - Throws: ``ArtifactError`` naming `path`: missing, unreadable, or bad.
    public static func load(path: String, expectedSHA256: String? = nil) throws(ArtifactError) -> ModelArtifact {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ArtifactError(path: path, "no such file")
        }
        guard !isDirectory.boolValue else { throw ArtifactError(path: path, "is a folder; expected a model file") }
        // A device or a pipe (`/dev/zero`, `/dev/stdin`) would be read without end.
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw ArtifactError(path: path, "is not a regular file; expected a model file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ArtifactError(path: path, "cannot read: \(error.localizedDescription)")
        }
        // `Data.withUnsafeBytes` rethrows untyped errors: carry the typed one out as a result.
        let result = data.withUnsafeBytes { bytes in
            Result { () throws(ArtifactError) -> ModelArtifact in
                try ModelArtifact.decode(bytes, path: path, expectedSHA256: expectedSHA256)
            }
        }
        return try result.get()
    }

    /// The lowercase hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String { SHA256.hex(SHA256.hash(bytes)) }

    /// Writes `bytes` to a new temporary file in `directory` (created if needed) and flushes it
    /// to disk; returns its path. Rename it into place with ``install(_:at:)``.
    public static func writeTemporary(_ bytes: [UInt8], in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        removeStaleTemporaries(in: directory)
        let path = directory + "/.tmp-\(UUID().uuidString).mfm"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw posixError(path, "cannot create") }
        defer { close(fd) }
        var written = 0
        try bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    unlink(path)
                    throw posixError(path, "cannot write")
                }
                written += n
            }
        }
        guard fsync(fd) == 0 else {
            unlink(path)
            throw posixError(path, "cannot flush")
        }
        return path
    }

    /// A temporary file lives from its write to the end of its registration transaction,
    /// which waits at most the store's busy timeout (60 s): one older than this was left by a
    /// promote that was killed, and is removed.
    public static let staleTemporaryAge: Double = 3600

    /// Removes the temporary files in `directory` older than ``staleTemporaryAge`` seconds
    /// (left by promotes killed between writing and registering). Errors are ignored: the
    /// next promote tries again.
    public static func removeStaleTemporaries(in directory: String, now: Double = Date().timeIntervalSince1970) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".tmp-") && name.hasSuffix(".mfm") {
            let path = directory + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let modified = attributes[.modificationDate] as? Date
            else { continue }
            if now - modified.timeIntervalSince1970 > staleTemporaryAge { unlink(path) }
        }
    }

    /// Moves a file written by ``writeTemporary(_:in:)`` to `destination` (creating its folder),
    /// atomically, and flushes the folder, its parent and grandparent (`vK/`, `NAME/`,
    /// `artifacts/`, which a first promote creates) so the rename and the new folders survive a
    /// power loss before the store's transaction commits.
    public static func install(_ temporary: String, at destination: String) throws {
        let folder = (destination as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard rename(temporary, destination) == 0 else {
            throw posixError(destination, "cannot move \(temporary) here")
        }
        var flush = folder
        for _ in 0..<3 {
            let dirFD = open(flush, O_RDONLY)
            if dirFD >= 0 {
                _ = fsync(dirFD)
                close(dirFD)
            }
            flush = (flush as NSString).deletingLastPathComponent
            if flush.isEmpty { break }
        }
    }

    /// An id of the file at `path` (its device and inode), or nil if there is none. A rename
    /// keeps it, so it tells a file that was installed from one that later replaced it.
    public static func fileID(_ path: String) -> FileID? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Undoes ``install(_:at:)`` after a failed registration: removes `path` only if it is still
    /// the file `id` names (another process may have registered the same version number since,
    /// and put its own file there), then its folder if that is empty.
    public static func uninstall(_ path: String, id: FileID) {
        if fileID(path) == id { unlink(path) }
        rmdir((path as NSString).deletingLastPathComponent)
    }

    /// A file's device and inode.
    public struct FileID: Sendable, Equatable {
        /// The device.
        public var device: UInt64
        /// The inode.
        public var inode: UInt64
    }

    private static func posixError(_ path: String, _ what: String) -> ArtifactError {
        ArtifactError(path: path, "\(what): \(String(cString: strerror(errno)))")
    }
}
