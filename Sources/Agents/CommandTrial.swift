import Dispatch
import Factorization
import Foundation
import Search
import Synchronization

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
        /// The process's exit status (nil if it was stopped).
        public var exitStatus: Int32?
        /// Whether the run was stopped by a stop request.
        public var stopped: Bool
        /// The last value of each metric name.
        public var lastValues: [String: Double]
        /// The last lines of standard error, for a failed run's reason.
        public var stderrTail: String
        /// Steps seen (the largest `step` + 1).
        public var steps: Int
        /// Why the run failed although the program may have exited 0 (an output line over
        /// the limit, after which the program was stopped).
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

    /// Runs the program to its end (or until `shouldStop` turns true, when it is sent
    /// SIGTERM), passing each batch of parsed metrics to `onMetrics`.
    public func run(
        shouldStop: @escaping @Sendable () -> Bool, onMetrics: ([Metric]) -> Void
    ) throws -> Outcome {
        guard let executable = arguments.first else {
            throw SweepError.command("the sweep's command is empty")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? Array(arguments.dropFirst()) : arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let stdoutBuffer = LineBuffer()
        let stderrBuffer = LineBuffer()
        do {
            try process.run()
        } catch {
            throw SweepError.command("cannot start \(arguments.joined(separator: " ")): \(error)")
        }
        // One blocking reader per pipe, each to end of file: bytes reach a buffer in the order
        // the program wrote them, and once both readers are done nothing is still in flight.
        let readers = DispatchGroup()
        for (handle, buffer) in [(out.fileHandleForReading, stdoutBuffer), (err.fileHandleForReading, stderrBuffer)] {
            readers.enter()
            DispatchQueue.global().async {
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    buffer.append(data)
                }
                readers.leave()
            }
        }
        var lastValues: [String: Double] = [:]
        var steps = 0
        var lineNumber = 0
        var stopped = false
        func consume(_ lines: [String]) {
            var batch: [Metric] = []
            for line in lines {
                lineNumber += 1
                guard let object = Self.parse(line) else { continue }
                // A step is used only if it is a whole number in a sane range.
                let step =
                    object["step"].flatMap { $0.isFinite && $0 == $0.rounded() && abs($0) < 1e12 ? Int($0) : nil }
                    ?? lineNumber - 1
                steps = max(steps, step + 1)
                for (name, value) in object where name != "step" {
                    batch.append(Metric(step: step, name: name, value: value))
                    lastValues[name] = value
                }
            }
            if !batch.isEmpty { onMetrics(batch) }
        }
        var stopAsked: ContinuousClock.Instant?
        while process.isRunning {
            consume(stdoutBuffer.takeLines())
            if stopAsked == nil && (shouldStop() || stdoutBuffer.overlong != nil) {
                stopAsked = .now
                process.terminate()
            } else if let asked = stopAsked, asked.duration(to: .now) > .seconds(5), process.isRunning {
                // The program ignores SIGTERM (or runs with it blocked): end it for sure.
                kill(process.processIdentifier, SIGKILL)
            }
            usleep(50_000)
        }
        process.waitUntilExit()
        // End of file comes when every writer has closed the pipes; a background child that
        // inherited them could hold them open, so wait a bounded time for the last bytes.
        _ = readers.wait(timeout: .now() + .seconds(Self.drainSeconds))
        consume(stdoutBuffer.takeLines(flush: true))
        let tail = stderrBuffer.takeLines(flush: true).suffix(5).joined(separator: " | ")
        let outputError = stdoutBuffer.overlong.map {
            "output line over \(stdoutBuffer.limit >> 20) MiB at byte \($0); the program was stopped"
        }
        // A program that ran to a normal exit finished, even if a stop was asked meanwhile.
        stopped =
            outputError == nil && stopAsked != nil
            && !(process.terminationReason == .exit && process.terminationStatus == 0)
        return Outcome(
            exitStatus: stopped ? nil : process.terminationStatus, stopped: stopped,
            lastValues: lastValues, stderrTail: tail, steps: steps, outputError: outputError)
    }

    /// Seconds to wait, after the program exits, for the rest of its output.
    static let drainSeconds = 5

    /// The numeric fields of a JSON-object line (booleans, strings, arrays and objects are
    /// ignored); nil for a line that is not a JSON object.
    static func parse(_ line: String) -> [String: Double]? {
        let bytes = Array(line.utf8)
        guard bytes.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) == UInt8(ascii: "{"),
            let members = (try? JSONParser.parse(bytes))?.members
        else { return nil }
        var numbers: [String: Double] = [:]
        for member in members {
            if case .number(let token) = member.value.value, let value = Double(token) { numbers[member.key] = value }
        }
        return numbers
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
