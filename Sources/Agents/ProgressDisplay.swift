import Foundation
public import Reports
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard error as the home of a live progress line.
///
/// On a terminal, ``update(_:milestone:)`` redraws the line in place (`\r`, then `ESC[K` to
/// clear the rest), fitted by ``LiveLine/fitted(width:)`` to one column less than the
/// terminal's width, so the cursor never reaches the last column, where some terminals wrap at
/// once. The width is read with `TIOCGWINSZ` and read again after each `SIGWINCH`. When
/// `TERM=dumb`, the line is cleared with spaces instead of an escape sequence.
///
/// Anywhere else (a pipe, a file, a CI log) it writes whole lines, never a `\r`, at a modest
/// rate: a milestone (a run ended, a refit finished) at most once a second, anything else at
/// most once every ten seconds, and at ``finish()`` the last line if it was held back.
///
/// mfsweep draws no colour today; ``colorEnabled`` is the one switch for any that comes.
public final class ProgressDisplay: Sendable {
    /// Whether the line is redrawn in place (standard error is a terminal).
    public let isLive: Bool
    /// Whether colour may be used: on a terminal, `NO_COLOR` unset or empty
    /// (https://no-color.org), and `TERM` not `dumb`.
    public let colorEnabled: Bool
    /// Whether the terminal understands `ESC[K` (`TERM` is not `dumb`).
    private let clearsWithEscape: Bool
    private let write: @Sendable (String) -> Void
    private let columns: @Sendable () -> Int
    private let now: @Sendable () -> Double
    private let state: Mutex<State>

    /// Milestone lines, when piped, come at most this often (seconds).
    static let milestoneGap = 1.0
    /// Other lines, when piped, come at most this often (seconds).
    static let plainPeriod = 10.0

    private struct State {
        /// The line on screen (live) and its columns; nil when none is drawn.
        var drawn: (line: LiveLine, columns: Int)?
        /// The last line written (piped) and when.
        var printed: String?
        var printedAt: Double
        /// The newest line not written yet (piped), and whether it or one it replaced was a milestone.
        var pending: (text: String, milestone: Bool)?
    }

    /// A display writing with `write`. `columns` tells the terminal's width when `isLive`;
    /// `environment` supplies `NO_COLOR` and `TERM`; `now` is a clock in seconds.
    init(
        isLive: Bool, environment: [String: String], columns: @escaping @Sendable () -> Int,
        now: @escaping @Sendable () -> Double, write: @escaping @Sendable (String) -> Void
    ) {
        self.isLive = isLive
        let dumb = environment["TERM"] == "dumb"
        clearsWithEscape = !dumb
        colorEnabled = isLive && !dumb && (environment["NO_COLOR"] ?? "").isEmpty
        self.columns = columns
        self.now = now
        self.write = write
        state = Mutex(State(drawn: nil, printed: nil, printedAt: now(), pending: nil))
    }

    /// The display on standard error, written through `write` (a command's console, which a
    /// test may capture); `isLive` when standard error is a terminal, whose width it then reads.
    public static func standardError(isLive live: Bool, write: @escaping @Sendable (String) -> Void) -> ProgressDisplay
    {
        if live { TerminalSize.watch() }
        return ProgressDisplay(
            isLive: live, environment: ProcessInfo.processInfo.environment,
            columns: { TerminalSize.columns(of: STDERR_FILENO) },
            now: { ProcessInfo.processInfo.systemUptime }, write: write)
    }

    /// Shows `line`: redrawn in place on a terminal; when piped, written as a line if it is
    /// due (a `milestone` at most once a second, else once every ten seconds).
    public func update(_ line: LiveLine, milestone: Bool = false) {
        state.withLock { s in
            if isLive {
                draw(line, in: &s)
                return
            }
            let text = line.full
            guard text != s.printed else {
                s.pending = nil
                return
            }
            let since = now() - s.printedAt
            let isMilestone = milestone || s.pending?.milestone == true
            if (isMilestone && (s.printed == nil || since >= Self.milestoneGap)) || since >= Self.plainPeriod {
                write(text + "\n")
                s.printed = text
                s.printedAt = now()
                s.pending = nil
            } else {
                s.pending = (text, isMilestone)
            }
        }
    }

    /// Writes `message` as its own line; on a terminal, the live line is cleared first and
    /// drawn again below it.
    public func note(_ message: String) {
        state.withLock { s in
            guard isLive, let drawn = s.drawn else {
                write(message + "\n")
                return
            }
            write(clear(drawn.columns, width: columns()) + message + "\n")
            s.drawn = nil
            draw(drawn.line, in: &s)
        }
    }

    /// Ends the live line: on a terminal, moves below it; when piped, writes the last line if it
    /// was held back (and is a milestone or follows other lines). The display can be used again.
    public func finish() {
        state.withLock { s in
            if isLive {
                if s.drawn != nil { write("\n") }
            } else if let pending = s.pending, pending.milestone || s.printed != nil {
                write(pending.text + "\n")
                s.printed = pending.text
                s.printedAt = now()
            }
            s.drawn = nil
            s.pending = nil
        }
    }

    /// Redraws `line` fitted to the terminal.
    private func draw(_ line: LiveLine, in s: inout State) {
        let width = columns()
        let text = line.fitted(width: width - 1)
        write(clear(s.drawn?.columns ?? 0, width: width) + text)
        s.drawn = (line, DisplayWidth.of(text))
    }

    /// Moves to the start of the line and clears what is drawn there: `previous` columns on a
    /// terminal now `width` columns wide. When the terminal has shrunk below the line, it has
    /// rewrapped it onto several rows (tmux, VTE, iTerm2, kitty and Windows Terminal reflow),
    /// and the rows above are cleared too. (xterm does not reflow; there this clears rows above
    /// the line after a shrink.)
    private func clear(_ previous: Int, width: Int) -> String {
        guard clearsWithEscape else { return "\r" + String(repeating: " ", count: previous) + "\r" }
        let rows = previous > width && width > 0 ? (previous - 1) / width + 1 : 1
        return "\r\u{1B}[K" + String(repeating: "\u{1B}[1A\u{1B}[K", count: rows - 1)
    }
}

/// The terminal's width, read again after each `SIGWINCH`.
///
/// A plain signal handler sets a flag; a `DispatchSource` signal source would not do on Linux,
/// where libdispatch reads signals through a `signalfd` that misses every `SIGWINCH` delivered
/// to a thread that has not blocked it (and the signal is ignored by default).
enum TerminalSize {
    private static let resized = Atomic<Bool>(true)
    private static let cached = Atomic<Int>(80)
    private static let installed = Atomic<Bool>(false)

    /// Installs the `SIGWINCH` handler (once).
    static func watch() {
        guard installed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let handler: @convention(c) (Int32) -> Void = { _ in
            TerminalSize.resized.store(true, ordering: .relaxed)
        }
        signal(SIGWINCH, handler)
    }

    /// The columns of the terminal on `descriptor`: read with `TIOCGWINSZ` at first and after
    /// each `SIGWINCH`, else `$COLUMNS`, else 80.
    static func columns(of descriptor: Int32) -> Int {
        if resized.exchange(false, ordering: .relaxed) {
            var size = winsize()
            let ok = withUnsafeMutablePointer(to: &size) { ioctl(descriptor, UInt(TIOCGWINSZ), $0) } == 0
            let fallback = ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) } ?? 80
            cached.store(ok && size.ws_col > 0 ? Int(size.ws_col) : fallback, ordering: .relaxed)
        }
        return cached.load(ordering: .relaxed)
    }
}
