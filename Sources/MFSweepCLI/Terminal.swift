/// Progress and notes on standard error, for the commands (through ``Console/current``).
enum Terminal {
    /// Whether standard error is a terminal (live progress is drawn only then).
    static var stderrIsTerminal: Bool { Console.current.errorIsTerminal }

    /// Writes `text` to standard error as is.
    static func writeError(_ text: String) {
        Console.current.writeError(text)
    }

    /// Redraws the progress line in place.
    static func progress(_ line: String) {
        writeError("\r\u{1B}[K" + line)
    }
}
