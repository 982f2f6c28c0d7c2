#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a path names, as stat(2) sees it (following symbolic links, so `/dev/stdin` is what
/// standard input is).
///
/// Input files are read whole, so only a regular file will do: reading `/dev/zero` never ends,
/// and a FIFO or a terminal can be read only once. Readers check the kind first and refuse
/// anything else with its true reason instead of a misleading "permission denied". Uses the
/// C library's stat(2), Core's only system import.
public enum FileKind: Sendable, Hashable, CustomStringConvertible {
    /// A regular file.
    case regular
    /// A folder.
    case directory
    /// A character device, such as `/dev/zero` or a terminal.
    case characterDevice
    /// A block device, such as a disk.
    case blockDevice
    /// A named pipe (FIFO), or standard input when it is a pipe.
    case fifo
    /// A Unix-domain socket.
    case socket
    /// Anything else stat(2) reports.
    case other

    /// The kind of file at `path`; nil when it cannot be examined (it does not exist, or a
    /// folder on the way may not be searched).
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        default: self = .other
        }
    }

    /// The kind with its article, for messages: `a regular file`, `a character device`, `a FIFO`.
    public var description: String {
        switch self {
        case .regular: "a regular file"
        case .directory: "a directory"
        case .characterDevice: "a character device"
        case .blockDevice: "a block device"
        case .fifo: "a FIFO"
        case .socket: "a socket"
        case .other: "a special file"
        }
    }

    /// `not a regular file (a FIFO)` for anything but a regular file or a directory (which
    /// readers describe in their own words); nil for those two.
    public var notRegularFileReason: String? {
        switch self {
        case .regular, .directory: nil
        default: "not a regular file (\(description))"
        }
    }
}
