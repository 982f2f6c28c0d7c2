public import Core

/// An invalid request to split data (a fraction outside (0, 1), too few or too many folds,
/// no rows), with a message that says what is accepted.
public struct SplitError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What was wrong and what is accepted.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

extension SplitError: MFSweepError {
    /// A split is asked for by the validation flags or the config's `num_folds`, which the
    /// message names.
    public var location: ErrorLocation? { nil }
    /// An impossible split is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}
