public import Core

/// Every problem found in a sweep file (syntax errors stop at the first; semantic checks report
/// them all), in the order they appear in the file.
public struct SweepFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, sorted by position.
    public var diagnostics: [Diagnostic]

    /// An error listing `diagnostics` (sorted by line and column; unpositioned ones first).
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }

    /// One line per diagnostic.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

extension SweepFileError: MFSweepError {
    /// The first problem's place in the file.
    public var location: ErrorLocation? { diagnostics.first?.location }
    /// A bad sweep file is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
    /// One compiler-style line per problem (`FILE:LINE:COL: error: MESSAGE [at PATH]`), control
    /// characters escaped.
    public var diagnosticLines: [String] { diagnostics.map(\.description.escapingControlCharacters) }
}
