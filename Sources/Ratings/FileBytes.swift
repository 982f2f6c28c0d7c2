import Core
import Foundation

/// Reading whole files with errors a person can act on.
enum FileBytes {
    /// The contents of `path` (memory-mapped when possible), or a ``RatingsError`` saying the file
    /// is missing, is a directory, is not a regular file (`/dev/zero`, a FIFO, `/dev/stdin` on a
    /// pipe or a terminal: reading one whole never ends or consumes it), or cannot be read.
    static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RatingsError(file: path, message: "no such file")
        }
        if isDirectory.boolValue {
            throw RatingsError(file: path, message: "is a directory; expected a file")
        }
        if let reason = FileKind(path: path)?.notRegularFileReason {
            throw RatingsError(file: path, message: reason)
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw RatingsError(file: path, message: "cannot read file: permission denied")
        }
        let url = URL(fileURLWithPath: path)
        // Mapping avoids copying a large file (MovieLens 25M is 680 MB); fall back to reading.
        if let mapped = try? Data(contentsOf: url, options: .alwaysMapped) { return mapped }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw RatingsError(file: path, message: "cannot read file: \(error.localizedDescription)")
        }
    }

    /// The last path component, lowercased (`"u.data"`), and its extension (`"data"`).
    static func nameAndExtension(_ path: String) -> (name: String, ext: String) {
        let url = URL(fileURLWithPath: path)
        return (url.lastPathComponent.lowercased(), url.pathExtension.lowercased())
    }
}
