public import Core

/// One problem in a sweep file, printed compiler-style so editors can jump to it:
/// `Sweeps/x.json:14:18: error: min must be less than max (0.5 ≥ 0.1) [at parameters.alpha.min]`.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line; 0 when the problem has no place in the text (e.g. an unreadable file).
    public var line: Int
    /// 1-based column (Unicode scalars); 0 when ``line`` is 0.
    public var column: Int
    /// What was wrong and what is accepted.
    public var message: String
    /// The JSON path of the value, e.g. `parameters.alpha.min`; empty for the root.
    public var path: String

    /// A diagnostic at `line`:`column` of `file`.
    public init(file: String, line: Int, column: Int, message: String, path: String = "") {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.path = path
    }

    /// A diagnostic at `position` (nil: no position) with a JSON path.
    init(file: String, position: JSONPosition?, message: String, path: JSONPath) {
        self.init(
            file: file, line: position?.line ?? 0, column: position?.column ?? 0, message: message,
            path: path.description)
    }

    /// `FILE:LINE:COL: error: MESSAGE [at PATH]`; without `[at …]` at the root, and `FILE: error: …`
    /// when there is no position.
    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return "\(place): error: \(message)" + (path.isEmpty ? "" : " [at \(path)]")
    }
}

extension Diagnostic: MFSweepError {
    /// `FILE:LINE:COL`; without a position, the JSON path in the file (or the file alone).
    public var location: ErrorLocation? {
        if line > 0 { return .file(file, line: line, column: column) }
        return path.isEmpty ? .file(file) : .jsonPath(file: file, path: path)
    }
    /// A bad sweep file is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
    /// The compiler-style line itself, control characters escaped.
    public var diagnosticLines: [String] { [description.escapingControlCharacters] }
}
