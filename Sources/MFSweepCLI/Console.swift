import Agents
import Foundation

/// Where a command writes: the process's standard output and standard error, or (for commands
/// run in-process by tests) buffers.
///
/// Commands reach it through ``current``, a task-local value, so tests running commands in
/// parallel each capture their own output.
public struct Console: Sendable {
    /// Writes text to standard output as is.
    public var write: @Sendable (String) -> Void
    /// Writes text to standard error as is.
    public var writeError: @Sendable (String) -> Void
    /// Hands what ``write`` buffered to standard output now (commands that stream their
    /// results call it as they go).
    public var flush: @Sendable () -> Void
    /// Whether standard error is a terminal (live progress is redrawn in place only then).
    public var errorIsTerminal: Bool
    /// The width that help and usage text wrap to; nil for ArgumentParser's choice for the
    /// process (`$COLUMNS`, else the width of the terminal on standard output, else 80), which
    /// only fits when the text goes to the process's own streams.
    public var columns: Int?

    /// A console with these sinks (`flush` does nothing by default, as for buffers).
    public init(
        write: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void,
        flush: @escaping @Sendable () -> Void = {}, errorIsTerminal: Bool = false, columns: Int? = nil
    ) {
        self.write = write
        self.writeError = writeError
        self.flush = flush
        self.errorIsTerminal = errorIsTerminal
        self.columns = columns
    }

    /// The process's own streams: standard output through Swift's buffered `print` (the C
    /// library's `stdout`, which ``flush`` empties), standard error unbuffered.
    public static var standard: Console {
        Console(
            write: { Swift.print($0, terminator: "") },
            writeError: { FileHandle.standardError.write(Data($0.utf8)) },
            flush: { fflush(nil) },
            errorIsTerminal: isatty(2) == 1)
    }

    /// The console of the running command.
    @TaskLocal public static var current: Console = .standard

    /// Writes `text` and a newline to standard output.
    func print(_ text: String) { write(text + "\n") }

    /// The live progress line of a command, on this console's standard error.
    func progressDisplay() -> ProgressDisplay {
        ProgressDisplay.standardError(isLive: errorIsTerminal, write: writeError)
    }
}
