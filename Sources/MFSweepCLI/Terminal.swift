import ArgumentParser
import Foundation

/// Standard error, terminal facts and the documented exit codes, for the commands.
enum Terminal {
    /// Invalid input or usage (as sysexits' EX_USAGE).
    static let invalidInput: Int32 = 64
    /// The work ran but failed (e.g. a diverged run).
    static let failure: Int32 = 1

    /// Writes `text` to standard error as is.
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Prints `error: MESSAGE` on standard error and returns the exit to throw.
    static func fail(_ message: String, code: Int32 = invalidInput) -> ExitCode {
        writeError("error: \(message)\n")
        return ExitCode(code)
    }
}
