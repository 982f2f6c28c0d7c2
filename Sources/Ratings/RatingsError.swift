public import Core

/// A problem with a ratings or titles file, printed compiler-style so that editors can jump to
/// it: `u.data:17: rating "abc" is not a number`, or `x.data: file is empty` when no line applies.
public struct RatingsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file as the user named it.
    public var file: String
    /// The 1-based line the problem is on, if it is on one line.
    public var line: Int?
    /// What was wrong and, where it helps, what is accepted.
    public var message: String

    /// An error in `file` (at `line`, if given).
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: MESSAGE`, or `FILE: MESSAGE` without a line.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

extension RatingsError: MFSweepError {
    /// `FILE:LINE`, or the file.
    public var location: ErrorLocation? { .file(file, line: line) }
    /// A bad ratings file is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}
