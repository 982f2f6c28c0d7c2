/// An error a person can act on. Every error the libraries throw at a user conforms.
///
/// It carries where it happened (``location``), what was wrong and what is accepted (its
/// `description`: one line, already naming the place as a person reads it, e.g.
/// `ratings.csv:17: rating "abc" is not a number`), and how the process ends
/// (``exitStatus``). The command line prints it in one place (the root command): each of
/// ``diagnosticLines`` on standard error, then it exits with ``exitStatus``.
public protocol MFSweepError: Error, CustomStringConvertible, Sendable {
    /// Where the error happened; nil only when there is no place to point at (an agent process
    /// that failed to start, the machine running out of something).
    var location: ErrorLocation? { get }
    /// The status the command exits with.
    var exitStatus: ExitStatus { get }
    /// The lines printed on standard error, each one line (control characters in the text a
    /// message quotes are escaped: ``Swift/String/escapingControlCharacters``); by default one,
    /// `error: DESCRIPTION`.
    var diagnosticLines: [String] { get }
}

extension MFSweepError {
    /// `error: DESCRIPTION`, with control characters escaped.
    public var diagnosticLines: [String] { ["error: \(description)".escapingControlCharacters] }
}
