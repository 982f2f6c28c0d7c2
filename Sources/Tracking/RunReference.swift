public import Core

/// A run as a person names it on the command line: `NUMBER` (of a sweep named elsewhere, or of
/// the store's only sweep) or `SWEEP/NUMBER`.
public struct RunReference: Sendable, Hashable, CustomStringConvertible {
    /// The sweep, when the reference names one.
    public var sweep: String?
    /// The run's number in its sweep (from 1).
    public var number: Int

    /// A reference to run `number` of `sweep`.
    public init(sweep: String?, number: Int) {
        self.sweep = sweep
        self.number = number
    }

    /// Parses `3` or `mf-HPO-CV/3` (the sweep is everything before the last `/`).
    ///
    /// - Throws: ``RunReferenceError`` when the text is neither.
    public init(parsing text: String) throws(RunReferenceError) {
        let (name, digits): (String?, Substring) =
            if let slash = text.lastIndex(of: "/") {
                (String(text[..<slash]), text[text.index(after: slash)...])
            } else {
                (nil, Substring(text))
            }
        guard let n = Int(digits), n >= 1, name?.isEmpty != true else { throw RunReferenceError(text: text) }
        self.init(sweep: name, number: n)
    }

    /// `SWEEP/NUMBER`, or the number alone.
    public var description: String { (sweep.map { "\($0)/" } ?? "") + "\(number)" }
}

/// Text that names no run: neither `NUMBER` nor `SWEEP/NUMBER`.
public struct RunReferenceError: MFSweepError, Equatable {
    /// The text as given.
    public var text: String

    /// An error about `text`.
    public init(text: String) { self.text = text }

    /// `run 'TEXT': expected NUMBER or SWEEP/NUMBER (e.g. 3 or mf-HPO-CV/3)`.
    public var description: String { "run '\(text)': expected NUMBER or SWEEP/NUMBER (e.g. 3 or mf-HPO-CV/3)" }
    /// No place but the text itself, which the message quotes.
    public var location: ErrorLocation? { nil }
    /// A malformed reference is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}
