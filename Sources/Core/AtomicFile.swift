#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file that readers never see half-written: the bytes go to a temporary file in the
/// destination's folder, are flushed to disk, and the temporary file is renamed over the
/// destination. On any failure the temporary file is removed and the destination is untouched.
///
/// Failures are ``FileWriteError``s whose reason is the system's own (`is a folder`,
/// `no space left on device`, `permission denied`), never a wrapper's error domain and code.
public enum AtomicFile {
    /// Writes the chunks `body` passes to its `emit` function to `path`.
    ///
    /// - Throws: ``FileWriteError`` naming `path`, or what `body` throws (the file is then
    ///   not written).
    public static func write(
        to path: String, _ body: (_ emit: (UnsafeRawBufferPointer) throws(FileWriteError) -> Void) throws -> Void
    ) throws {
        try checkDestination(path)
        let folder = folderOf(path)
        var template = Array("\(folder)/.\(fileName(path)).XXXXXX.tmp".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else {
            throw FileWriteError(path: path, reason: "cannot create a file in \(folder): \(systemReason())")
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do {
            try body { (chunk: UnsafeRawBufferPointer) throws(FileWriteError) in
                var written = 0
                while written < chunk.count {
                    let n = Self.posixWrite(fd, chunk.baseAddress! + written, chunk.count - written)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { throw FileWriteError(path: path, reason: systemReason()) }
                    written += n
                }
            }
            // `mkstemps` makes a file only its owner may read; an output file is 0644.
            fchmod(fd, 0o644)
            guard fsync(fd) == 0 else { throw FileWriteError(path: path, reason: systemReason()) }
            closed = true
            guard close(fd) == 0 else { throw FileWriteError(path: path, reason: systemReason()) }
            guard rename(temporary, path) == 0 else { throw FileWriteError(path: path, reason: systemReason()) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Writes `text` (UTF-8) to `path`.
    public static func write(_ text: String, to path: String) throws(FileWriteError) {
        do {
            try write(to: path) { emit in try Array(text.utf8).withUnsafeBytes { bytes in try emit(bytes) } }
        } catch let error as FileWriteError {
            throw error
        } catch {
            throw FileWriteError(path: path, reason: "\(error)")
        }
    }

    /// Refuses a destination that is a folder, or whose folder is missing, before anything is
    /// created.
    private static func checkDestination(_ path: String) throws(FileWriteError) {
        guard !path.isEmpty else { throw FileWriteError(path: path, reason: "the file name is empty") }
        var info = stat()
        if stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
            throw FileWriteError(path: path, reason: "is a folder; give a file name, e.g. \(path)/report.txt")
        }
        let folder = folderOf(path)
        guard stat(folder, &info) == 0 else {
            throw FileWriteError(path: path, reason: "no such folder \(folder)")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw FileWriteError(path: path, reason: "\(folder) is not a folder")
        }
    }

    /// The folder part of `path` (`.` for a bare name).
    private static func folderOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of `path`.
    private static func fileName(_ path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// The system's `write(2)`.
    private static func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
        #elseif canImport(Musl)
        Musl.write(fd, bytes, count)
        #else
        Darwin.write(fd, bytes, count)
        #endif
    }

    /// The current `errno` as text, lowercased the way our messages read: `no space left on device`.
    private static func systemReason() -> String {
        let text = String(cString: strerror(errno))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
