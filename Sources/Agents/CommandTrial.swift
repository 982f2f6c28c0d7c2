import Factorization
import Foundation
import Search
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of a `command` sweep: the program is started with the run's config as arguments,
/// each line it prints that is a JSON object (`{"step": 3, "loss": 0.91}`) is logged as
/// metrics, and its exit status decides `finished` or `failed`.
public struct CommandTrial: Sendable {
    /// A logged value: the line's `step` (or its line number), a metric name, a value.
    public struct Metric: Sendable, Equatable {
        public var step: Int
        public var name: String
        public var value: Double
    }

    /// How a command run ended.
    public struct Outcome: Sendable {
        /// The process's exit status (nil if it was stopped or ended by a signal).
        public var exitStatus: Int32?
        /// The signal that ended the process, if one did (nil if it was stopped).
        public var signal: Int32?
        /// Whether the run was stopped by a stop request.
        public var stopped: Bool
        /// The last value of each metric name.
        public var lastValues: [String: Double]
        /// The last lines of standard error, for a failed run's reason.
        public var stderrTail: String
        /// Steps seen: the distinct `step` values, counted as they change (so a program that
        /// counts from 1 and one that counts from 0 both report 300 steps after 300 steps).
        public var steps: Int
        /// Why the run failed although the program may have exited 0 (an output line over
        /// the limit, or a metric beyond the range of a Double, after which the program was
        /// stopped).
        public var outputError: String?
    }

    /// The argument vector (first element: the executable).
    public var arguments: [String]
    /// Working directory (the sweep file's folder).
    public var directory: String

    /// A trial running `arguments` in `directory`.
    public init(arguments: [String], directory: String) {
        self.arguments = arguments
        self.directory = directory
    }

    /// Runs the program to its end, passing each batch of parsed metrics to `onMetrics`.
    ///
    /// The program runs in a process group of its own (``TrialProcess``). When `shouldStop`
    /// turns true, or its output fails the run (a line over the limit, a value beyond the range
    /// of a Double), the whole group is sent
    /// SIGTERM, and SIGKILL ``stopGrace`` later if any of it is still alive. When the program
    /// exits, what it left running in its group is ended the same way (as systemd ends a
    /// service's leftover processes), so nothing it started outlives the run or holds its output
    /// open. The output is read until the pipes close, and at most ``stopGrace`` longer once the
    /// group is gone or killed (a process that left the group may hold them): the run ends at
    /// most twice ``stopGrace`` after the program's exit.
    ///
    /// - Throws: ``SweepError/command(_:)`` when the program cannot start.
    public func run(
        shouldStop: @escaping @Sendable () -> Bool, onMetrics: ([Metric]) -> Void
    ) throws -> Outcome {
        let process = try TrialProcess.start(Self.programArguments(arguments), in: directory)
        let stdoutBuffer = LineBuffer()
        let stderrBuffer = LineBuffer()
        var lastValues: [String: Double] = [:]
        var steps = 0
        var lastStep: Int?
        var lineNumber = 0
        // A value that does not fit a Double: it fails the run, and nothing after it is logged.
        var outOfRange: String?
        func consume(_ lines: [String]) {
            var batch: [Metric] = []
            for line in lines where outOfRange == nil {
                lineNumber += 1
                guard let fields = Self.parse(line) else { continue }
                // A step is used only if it is a whole number in a sane range.
                let step =
                    fields.first { $0.name == "step" }.map(\.value).flatMap {
                        $0.isFinite && $0 == $0.rounded() && abs($0) < 1e12 ? Int($0) : nil
                    } ?? lineNumber - 1
                let metrics = fields.filter { $0.name != "step" }
                // JSON has no infinity: a non-finite value is a literal beyond Double's range,
                // which Double(_:) would round to ±inf. Logging it as a value would hide that.
                if let field = metrics.first(where: { !$0.value.isFinite }) {
                    outOfRange =
                        "metric '\(field.name)' at step \(step) is \(field.literal), beyond the range of a Double"
                    break
                }
                if step != lastStep {
                    steps += 1
                    lastStep = step
                }
                for field in metrics {
                    batch.append(Metric(step: step, name: field.name, value: field.value))
                    lastValues[field.name] = field.value
                }
            }
            if !batch.isEmpty { onMetrics(batch) }
        }
        let clock = ContinuousClock()
        // When a stop was asked (or the output failed the run), when the group was sent SIGTERM,
        // whether it was sent SIGKILL, and since when, the program having exited, nothing more
        // is done but waiting for its output to close.
        var stopAsked: ContinuousClock.Instant?
        var terminated: ContinuousClock.Instant?
        var killed = false
        var settled: ContinuousClock.Instant?
        while true {
            // Once the output has closed the program is exiting: look again within a
            // millisecond instead of sleeping the whole 50 ms a trivial program would then wait.
            process.collectOutput(into: stdoutBuffer, stderrBuffer, waitingAtMost: process.outputClosed ? 1 : 50)
            consume(stdoutBuffer.takeLines())
            let exited = process.reap() != nil
            if stopAsked == nil && (stdoutBuffer.overlong != nil || outOfRange != nil || (!exited && shouldStop())) {
                stopAsked = clock.now
            }
            if terminated == nil && (stopAsked != nil || (exited && process.groupIsAlive)) {
                process.signalGroup(SIGTERM)
                terminated = clock.now
            }
            if let terminated, !killed, terminated.duration(to: clock.now) >= Self.stopGrace, process.groupIsAlive {
                // Something ignores SIGTERM (or runs with it blocked): end it for sure.
                process.signalGroup(SIGKILL)
                killed = true
            }
            guard exited else { continue }
            let groupIsAlive = process.groupIsAlive
            if process.outputClosed && !groupIsAlive { break }
            // Bounded even when the pipes are held by a process that left the group, or the
            // group lingers as zombies that no init reaps.
            if settled == nil && (killed || !groupIsAlive) { settled = clock.now }
            if let settled, settled.duration(to: clock.now) >= Self.stopGrace { break }
        }
        consume(stdoutBuffer.takeLines(flush: true))
        let tail = stderrBuffer.takeLines(flush: true).suffix(5).joined(separator: " | ")
        let outputError =
            outOfRange
            ?? stdoutBuffer.overlong.map {
                "output line over \(stdoutBuffer.limit >> 20) MiB at byte \($0); the program was stopped"
            }
        // A program that ran to a normal exit finished, even if a stop was asked meanwhile.
        let stopped = outputError == nil && stopAsked != nil && process.termination != .exited(0)
        var exitStatus: Int32?
        var signal: Int32?
        switch process.termination {
        case .exited(let status)?: exitStatus = status
        case .signaled(let number)?: signal = number
        case nil: break
        }
        return Outcome(
            exitStatus: stopped ? nil : exitStatus, signal: stopped ? nil : signal, stopped: stopped,
            lastValues: lastValues, stderrTail: tail, steps: steps, outputError: outputError)
    }

    /// How long a program (and what it started) has to end after SIGTERM before it is sent
    /// SIGKILL, and how long its output is read after its process group is gone.
    public static let stopGrace: Duration = .seconds(3)

    /// The argument vector to start: `${env} PROGRAM …` (`/usr/bin/env PROGRAM …`, with no
    /// option or assignment for `env`) is `PROGRAM …` looked up on `PATH`, which is what `env`
    /// would do, so that a missing program is reported as such rather than as `env`'s exit 127.
    static func programArguments(_ arguments: [String]) -> [String] {
        guard arguments.count > 1, arguments[0] == "/usr/bin/env", !arguments[1].hasPrefix("-"),
            !arguments[1].contains("=")
        else { return arguments }
        return Array(arguments.dropFirst())
    }

    /// A number in an output line: its key, its literal as written, and its value (±inf for a
    /// literal beyond the range of a Double, such as `1e400`).
    struct NumberField: Equatable {
        var name: String
        var literal: String
        var value: Double
    }

    /// The numeric fields of a JSON-object line in the order written (booleans, strings,
    /// arrays and objects are ignored); nil for a line that is not a JSON object.
    static func parse(_ line: String) -> [NumberField]? {
        let bytes = Array(line.utf8)
        guard bytes.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) == UInt8(ascii: "{"),
            let members = (try? JSONParser.parse(bytes))?.members
        else { return nil }
        return members.compactMap { member in
            guard case .number(let token) = member.value.value, let value = Double(token) else { return nil }
            return NumberField(name: member.key, literal: token, value: value)
        }
    }
}

/// Bytes from a pipe, handed out as whole lines.
///
/// Each byte is scanned for a newline once, however the bytes arrive (a 100 MB line in 64 KB
/// chunks costs linear time). A line longer than ``limit`` bytes is not kept: the buffer
/// records where it began (``overlong``) and drops the rest of the output, so a program that
/// prints one endless line cannot take the agent's memory.
final class LineBuffer: Sendable {
    /// The longest line kept, in bytes (without its newline).
    let limit: Int

    private struct State {
        var pending: [UInt8] = []
        /// Bytes of `pending` already known to hold no newline.
        var scanned = 0
        /// Bytes handed out or dropped before `pending`.
        var consumed = 0
        var lines: [String] = []
        /// The stream offset of the first line over the limit.
        var overlong: Int?
    }

    private let state = Mutex(State())

    /// A buffer keeping lines of at most `limit` bytes (1 MiB by default).
    init(limit: Int = 1 << 20) {
        self.limit = limit
    }

    /// The byte offset (from the start of the output, 0-based) of the first line longer than
    /// ``limit``, if there was one; nothing after it is kept.
    var overlong: Int? { state.withLock { $0.overlong } }

    func append(_ data: Data) {
        guard !data.isEmpty else { return }
        state.withLock { s in
            guard s.overlong == nil else { return }
            s.pending.append(contentsOf: data)
            // One pass over the new bytes only, and one removal.
            var start = 0
            var from = s.scanned
            while let nl = s.pending[from...].firstIndex(of: UInt8(ascii: "\n")) {
                guard nl - start <= limit else { break }
                s.lines.append(String(decoding: s.pending[start..<nl], as: UTF8.self))
                start = nl + 1
                from = start
            }
            if s.pending.count - start > limit
                && (s.pending[start...].firstIndex(of: UInt8(ascii: "\n")).map { $0 - start > limit } ?? true)
            {
                s.overlong = s.consumed + start
                s.consumed += s.pending.count
                s.pending = []
                s.scanned = 0
                return
            }
            s.consumed += start
            s.pending.removeSubrange(..<start)
            s.scanned = s.pending.count
        }
    }

    func takeLines(flush: Bool = false) -> [String] {
        state.withLock { s in
            var out = s.lines
            s.lines.removeAll()
            if flush && !s.pending.isEmpty {
                out.append(String(decoding: s.pending, as: UTF8.self))
                s.consumed += s.pending.count
                s.pending.removeAll()
                s.scanned = 0
            }
            return out
        }
    }
}
