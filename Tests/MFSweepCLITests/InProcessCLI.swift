import MFSweepCLI
import Synchronization

/// Runs `mfsweep` commands in the test process: ``MFSweep/run(_:)`` (the executable's own
/// parse, run and ``ExitReport``) with ``Console/current`` bound to buffers, so a test gets
/// what the command printed and its exit status without starting a process, in parallel with
/// other tests.
///
/// Not for commands that change the process: `agent` installs SIGINT and SIGTERM handlers (and
/// a stop request is one flag for the whole process), and a `launch` that gets as far as
/// starting agents would start this test runner as them. Those run through ``CLIRunner``; a
/// `launch` runs here only when it is meant to fail before any agent starts (a sweep file or
/// flag it rejects).
enum CLI {
    /// Standard output and standard error wrap as they do when the binary writes to a pipe or
    /// a file (ArgumentParser's default width without a terminal and without `$COLUMNS`).
    static let columns = 80

    /// Runs `mfsweep ARGUMENTS` in this process and returns what it printed and its exit
    /// status (``CLIResult/signal`` is nil).
    ///
    /// - Throws: ``CLIError`` for `agent`, which must run as a process.
    static func run(_ arguments: [String]) async throws -> CLIResult {
        try await runRecordingWrites(arguments).result
    }

    /// Runs `mfsweep ARGUMENTS` in this process like ``run(_:)``, and also returns each write to
    /// standard output as it was made, with the number of flushes made before it.
    static func runRecordingWrites(
        _ arguments: [String]
    ) async throws -> (result: CLIResult, writes: [(text: String, flushesBefore: Int)]) {
        if arguments.first == "agent" {
            throw CLIError("`\(arguments.joined(separator: " "))` changes the process's signal handlers: use CLIRunner")
        }
        let output = CapturedOutput()
        let status = await Console.$current.withValue(output.console) {
            await MFSweep.run(arguments)
        }
        let (stdout, stderr) = output.text
        return (
            CLIResult(arguments: arguments, exitCode: status, signal: nil, stdout: stdout, stderr: stderr),
            output.writes
        )
    }
}

/// What one in-process command wrote to each stream. A command may write from several threads
/// (an agent's log, a refit's progress), so the buffers are behind a lock.
final class CapturedOutput: Sendable {
    private struct Buffers {
        var stdout = ""
        var stderr = ""
        var writes: [(text: String, flushesBefore: Int)] = []
        var flushes = 0
    }

    private let buffers = Mutex(Buffers())

    /// A console writing into these buffers, with standard error not a terminal (as under
    /// ``CLIRunner``, whose child writes to files).
    var console: Console {
        Console(
            write: { text in
                self.buffers.withLock {
                    $0.stdout += text
                    $0.writes.append((text, $0.flushes))
                }
            },
            writeError: { text in self.buffers.withLock { $0.stderr += text } },
            flush: { self.buffers.withLock { $0.flushes += 1 } },
            errorIsTerminal: false, columns: CLI.columns)
    }

    /// Standard output and standard error so far.
    var text: (stdout: String, stderr: String) {
        buffers.withLock { ($0.stdout, $0.stderr) }
    }

    /// Each write to standard output so far, with the number of flushes made before it.
    var writes: [(text: String, flushesBefore: Int)] { buffers.withLock { $0.writes } }
}
