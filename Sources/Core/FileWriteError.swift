/// An output file that could not be written (`report -o FILE`).
public struct FileWriteError: MFSweepError, Equatable {
    /// The file as the user named it.
    public var path: String
    /// Why the system refused.
    public var reason: String

    /// An error writing `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `cannot write PATH: REASON`.
    public var description: String { "cannot write \(path): \(reason)" }
    /// The file.
    public var location: ErrorLocation? { .file(path) }
    /// A path that cannot be written is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}
