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
    /// None of its own: the text has no file name here; the callers (the sweep file, a
    /// config) report it as a ``Diagnostic`` or a file error that names the file and position.
    public var location: ErrorLocation? { nil }
    /// Text that is not JSON is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}
