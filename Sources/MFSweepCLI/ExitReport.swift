import ArgumentParser
import Core
import Foundation

/// The one place where an error becomes what the user sees and the exit status.
///
/// - An ``MFSweepError`` (every library error a user can meet) prints its
///   ``MFSweepError/diagnosticLines`` on standard error and exits with its
///   ``MFSweepError/exitStatus``.
/// - ArgumentParser's own errors (usage, `validate()`, `--help`, `--version`) print as
///   ArgumentParser prints them, help on standard output, with its exit code (64, sysexits'
///   `EX_USAGE`, for usage), wrapped to ``Console/columns``.
/// - Anything else is a failure of the work: `error: DESCRIPTION`, exit 1.
enum ExitReport {
    /// The status of a command that did what it was asked.
    static let success = ExitStatus.success.rawValue

    /// Ends the process with `status`; exit(3) flushes standard output's buffer first.
    static func exitProcess(_ status: Int32) -> Never {
        Foundation.exit(status)
    }

    /// Prints `error` and returns the status the process exits with.
    static func report(_ error: any Error) -> Int32 {
        let console = Console.current
        if let error = error as? any MFSweepError {
            for line in error.diagnosticLines { console.writeError(line + "\n") }
            return error.exitStatus.rawValue
        }
        let code = MFSweep.exitCode(for: error)
        guard code != .failure else {
            let message = (error as? any LocalizedError)?.errorDescription ?? "\(error)"
            console.writeError("error: \(message)\n")
            return ExitStatus.failure.rawValue
        }
        // Help and version go to standard output; usage errors (EX_USAGE, 64) to standard error.
        let message = MFSweep.fullMessage(for: error, columns: console.columns)
        if !message.isEmpty {
            if code == .success { console.write(message + "\n") } else { console.writeError(message + "\n") }
        }
        return code.rawValue
    }
}
