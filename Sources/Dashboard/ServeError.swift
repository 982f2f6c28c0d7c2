public import Core

/// A bad `serve` option (exit 64).
public struct ServeError: MFSweepError {
    /// The option at fault.
    public let option: String
    /// What was wrong and what is accepted.
    public let message: String
    /// The option, as the place to point at.
    public var location: ErrorLocation? { .option(option) }
    /// 64: bad input.
    public var exitStatus: ExitStatus { .invalidInput }
    /// `OPTION: MESSAGE`.
    public var description: String { "\(option): \(message)" }
    init(option: String, _ message: String) {
        self.option = option
        self.message = message
    }
}
