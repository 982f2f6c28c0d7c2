public import Core

/// Text that is not JSON: where, and what was expected there.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is.
    public var position: JSONPosition
    /// What was expected and what was found, e.g. `expected ':' after the key "alpha", got '1'`.
    public var message: String

    /// An error at `position`.
    public init(_ message: String, at position: JSONPosition) {
        self.message = message
        self.position = position
    }

    /// `LINE:COLUMN: MESSAGE`.
    public var description: String { "\(position): \(message)" }
}

extension JSONSyntaxError: MFSweepError {
    /// The line and column (the caller names the file).
    public var location: ErrorLocation? { .file("JSON text", line: position.line, column: position.column) }
    /// Text that is not JSON is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}
