import ArgumentParser
import Core
import Foundation

/// The one place where an error becomes what the user sees and the exit status.
///
/// - An ``MFSweepError`` (every library error a user can meet) prints its
///   ``MFSweepError/diagnosticLines`` on standard error and exits with its
///   ``MFSweepError/exitStatus``.
/// - ArgumentParser's own errors: `--help` and `--version` print as ArgumentParser prints them,
///   on standard output, wrapped to ``Console/columns``; usage errors (a bad flag, `validate()`)
///   print one line, `error: WHAT (see 'mfsweep SUB --help')`, and exit 64 (sysexits' `EX_USAGE`).
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
        // Help and version go to standard output; usage errors (EX_USAGE, 64) to standard error,
        // as one line like every other error.
        let message = MFSweep.fullMessage(for: error, columns: console.columns)
        if code == .success {
            if !message.isEmpty { console.write(message + "\n") }
        } else {
            console.writeError(oneLine(usage: message, fallback: MFSweep.message(for: error)) + "\n")
        }
        return code.rawValue
    }

    /// ArgumentParser's usage error (`Error: WHAT`, the usage, `See 'mfsweep launch --help' …`)
    /// as one line: `error: WHAT (see 'mfsweep launch --help')`.
    static func oneLine(usage: String, fallback: String) -> String {
        let lines = usage.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
        var what = lines.first ?? fallback
        if what.hasPrefix("Error: ") { what.removeFirst("Error: ".count) }
        if what.isEmpty { what = fallback }
        let help = lines.first { $0.contains("--help'") }.flatMap { line -> String? in
            guard let open = line.firstIndex(of: "'"), let close = line[line.index(after: open)...].firstIndex(of: "'")
            else { return nil }
            return String(line[open...close])
        }
        return "error: \(what)" + (help.map { " (see \($0))" } ?? "")
    }
}
