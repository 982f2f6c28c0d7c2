import Core
import Foundation
import TestSupport
import Testing

@testable import Agents

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A command sweep's program: its output, read through pipes, reaches the run whole and in
/// order, however fast it is written and however soon the program exits after writing it; and
/// it ends with everything it started, whether it is stopped or exits on its own.
@Suite struct CommandTrialTests {
    /// 20 000 JSON lines (about 600 KB, many pipe buffers) and a last line without a newline,
    /// all written just before the program exits, plus stderr written in between.
    @Test func aBurstWrittenJustBeforeExitIsLoggedWholeAndInOrder() throws {
        let script = #"""
            seq 0 19999 | awk '{ printf "{\"step\": %d, \"loss\": %d.5}\n", $1, $1 }'
            echo "noise on stderr" >&2
            printf '{"step": 20000, "loss": 7}'
            """#
        for _ in 0..<3 {
            let trial = CommandTrial(
                arguments: ["/bin/sh", "-c", script], directory: FileManager.default.currentDirectoryPath)
            var steps: [Int] = []
            var values: [Double] = []
            let outcome = try trial.run(
                shouldStop: { false },
                onMetrics: { batch in
                    steps += batch.map(\.step)
                    values += batch.map(\.value)
                })
            #expect(outcome.exitStatus == 0 && !outcome.stopped)
            #expect(steps == Array(0...20000), "\(steps.count) steps logged")
            #expect(values.last == 7 && values.dropLast().enumerated().allSatisfy { $1 == Double($0) + 0.5 })
            #expect(outcome.steps == 20001)
            #expect(outcome.lastValues == ["loss": 7])
            #expect(outcome.stderrTail == "noise on stderr")
        }
    }

    /// Steps are counted as the program numbers them, from 1 or from 0: two metrics of one
    /// step are one step. (They were counted as the largest step + 1: 301 for steps 1–300.)
    @Test func stepsAreCountedFromOneOrFromZero() throws {
        let lines = [
            ("seq 1 300", 300), ("seq 0 299", 300), ("seq 1 1", 1),
        ]
        for (sequence, expected) in lines {
            let script =
                sequence + #" | awk '{ printf "{\"step\": %d, \"loss\": 1}\n{\"step\": %d, \"acc\": 2}\n", $1, $1 }'"#
            let trial = CommandTrial(
                arguments: ["/bin/sh", "-c", script], directory: FileManager.default.currentDirectoryPath)
            let outcome = try trial.run(shouldStop: { false }, onMetrics: { _ in })
            #expect(outcome.steps == expected, "\(sequence)")
        }
    }

    /// A line longer than the limit is not kept: the run fails (even though the program exits
    /// 0), naming the byte where the line began; only the lines before it are logged.
    @Test func anOverlongLineFailsTheRun() throws {
        // A JSON line (23 bytes with its newline), 3 MB without a newline, then another JSON line.
        let script = #"""
            echo '{"step": 0, "loss": 1}'
            head -c 3000000 /dev/zero | tr '\0' 'a'
            echo
            echo '{"step": 1, "loss": 2}'
            """#
        let trial = CommandTrial(
            arguments: ["/bin/sh", "-c", script], directory: FileManager.default.currentDirectoryPath)
        var logged: [CommandTrial.Metric] = []
        let outcome = try trial.run(shouldStop: { false }, onMetrics: { logged += $0 })
        #expect(outcome.outputError == "output line over 1 MiB at byte 23; the program was stopped", "\(outcome)")
        #expect(!outcome.stopped)
        #expect(logged == [CommandTrial.Metric(step: 0, name: "loss", value: 1)])
        #expect(outcome.lastValues == ["loss": 1])
    }

    /// A shell script in a fresh folder that runs `body`, where `SLEEP` is a `sleep` whose
    /// command line names the folder, so `pgrep -f FOLDER` finds every process of the trial.
    private static func trial(_ body: String, in folder: TempDirectory) throws -> CommandTrial {
        let sleep = try linkSleep(in: folder.path)
        let script = try folder.file("trial.sh", body.replacingOccurrences(of: "SLEEP", with: sleep))
        return CommandTrial(arguments: ["/bin/sh", script], directory: folder.path)
    }

    /// Seconds `body` took.
    private static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        return (value, start.duration(to: clock.now).inSeconds)
    }

    /// A stop ends the program and the child it waits for (which holds its output open) within
    /// seconds, and leaves no process behind.
    @Test func aStopEndsTheProgramAndEverythingItStarted() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let trial = try Self.trial(
            """
            echo '{"step": 1, "loss": 0.9}'
            SLEEP 40
            echo '{"step": 2, "loss": 0.8}'
            """, in: folder)
        let sleeping = folder.path("bin/sleep 40")
        // The stop comes once the child runs (seen by pgrep), not after a guessed delay.
        let (outcome, seconds) = try Self.timed {
            try trial.run(
                shouldStop: { (try? processes(commandLineContaining: sleeping).isEmpty) == false },
                onMetrics: { _ in })
        }
        #expect(seconds < 10, "the stop took \(seconds) s")
        #expect(outcome.stopped && outcome.exitStatus == nil, "\(outcome)")
        #expect(outcome.lastValues == ["loss": 0.9])
        #expect(try processes(commandLineContaining: folder.path) == [])
    }

    /// A program that ignores SIGTERM, like its child, is killed with SIGKILL after the grace.
    @Test func aProgramIgnoringSIGTERMIsKilledAfterTheGrace() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let trial = try Self.trial(
            """
            trap '' TERM
            echo '{"step": 1, "loss": 0.9}'
            SLEEP 40
            """, in: folder)
        let sleeping = folder.path("bin/sleep 40")
        let (outcome, seconds) = try Self.timed {
            try trial.run(
                shouldStop: { (try? processes(commandLineContaining: sleeping).isEmpty) == false },
                onMetrics: { _ in })
        }
        let grace = CommandTrial.stopGrace.inSeconds
        #expect(seconds >= grace && seconds < grace + 5, "the stop took \(seconds) s")
        #expect(outcome.stopped, "\(outcome)")
        #expect(try processes(commandLineContaining: folder.path) == [])
    }

    /// A program that exits 0 but leaves a child running in the background with its output
    /// open: the run ends at once with the program's result, and the child is ended with it.
    @Test func whatAProgramLeavesRunningEndsWithIt() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let trial = try Self.trial(
            """
            SLEEP 40 &
            echo '{"step": 1, "loss": 0.7}'
            exit 0
            """, in: folder)
        let (outcome, seconds) = try Self.timed { try trial.run(shouldStop: { false }, onMetrics: { _ in }) }
        #expect(seconds < CommandTrial.stopGrace.inSeconds + 5, "the run took \(seconds) s")
        #expect(outcome.exitStatus == 0 && !outcome.stopped, "\(outcome)")
        #expect(outcome.lastValues == ["loss": 0.7])
        #expect(try processes(commandLineContaining: folder.path) == [])
    }

    /// A program that cannot start is one line naming it, from the errno of its start; never
    /// Foundation's error dump nor `env`'s exit 127.
    @Test func aProgramThatCannotStartIsOneLine() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        try folder.file("data.txt", "not a program\n")
        let interpreted = try folder.file("bad.sh", "#!/nonexistent/interpreter\necho hi\n")
        chmod(interpreted, 0o755)
        let cases: [([String], String)] = [
            (["mfsweep-no-such-command", "--x=1"], "command 'mfsweep-no-such-command' not found"),
            (["/usr/bin/env", "mfsweep-no-such-command", "--x=1"], "command 'mfsweep-no-such-command' not found"),
            (["/nonexistent/foo"], "command '/nonexistent/foo' not found"),
            (["./data.txt"], "cannot run './data.txt': permission denied"),
            (["./bad.sh"], "cannot run './bad.sh': the interpreter on its #! line was not found"),
        ]
        for (arguments, message) in cases {
            let trial = CommandTrial(arguments: arguments, directory: folder.path)
            #expect(throws: SweepError.command(message), "\(arguments)") {
                try trial.run(shouldStop: { false }, onMetrics: { _ in })
            }
        }
    }

    /// A relative program runs from the sweep's folder, and one without a `#!` line runs with
    /// `/bin/sh`, as `execvp` (and so `env`) runs it.
    @Test func aScriptWithoutAnInterpreterLineRunsWithTheShell() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let script = try folder.file("train", #"echo "{\"step\": 0, \"loss\": $1}""# + "\n")
        chmod(script, 0o755)
        let trial = CommandTrial(arguments: ["./train", "0.5"], directory: folder.path)
        let outcome = try trial.run(shouldStop: { false }, onMetrics: { _ in })
        #expect(outcome.exitStatus == 0 && outcome.lastValues == ["loss": 0.5], "\(outcome)")
    }

    /// A value beyond the range of a Double is not logged as infinity: the run fails naming
    /// the metric, the step and the literal, and the program is stopped.
    @Test func aValueBeyondTheRangeOfADoubleFailsTheRun() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let trial = try Self.trial(
            """
            echo '{"step": 2, "loss": 0.5}'
            echo '{"step": 3, "acc": 0.9, "loss": 1e400}'
            echo '{"step": 4, "loss": 0.25}'
            SLEEP 40
            """, in: folder)
        var logged: [CommandTrial.Metric] = []
        let (outcome, seconds) = try Self.timed {
            try trial.run(shouldStop: { false }, onMetrics: { logged += $0 })
        }
        #expect(outcome.outputError == "metric 'loss' at step 3 is 1e400, beyond the range of a Double", "\(outcome)")
        #expect(!outcome.stopped)
        #expect(logged == [CommandTrial.Metric(step: 2, name: "loss", value: 0.5)])
        #expect(outcome.lastValues == ["loss": 0.5])
        #expect(seconds < 10, "the program was waited for: \(seconds) s")
        #expect(try processes(commandLineContaining: folder.path) == [])
    }

    @Test func linesSplitAcrossChunksAreWholeAndOverlongLinesAreRefused() {
        let buffer = LineBuffer(limit: 8)
        for chunk in ["ab", "c\nde", "f\n", "12345678\n", "xy"] { buffer.append(Data(chunk.utf8)) }
        #expect(buffer.takeLines() == ["abc", "def", "12345678"])
        #expect(buffer.overlong == nil)
        // "xy" + 7 bytes without a newline: over the limit, from the line's first byte
        // (offset 17, after "abc\n", "def\n" and "12345678\n").
        buffer.append(Data("zzzzzzz".utf8))
        #expect(buffer.overlong == 17)
        buffer.append(Data("\nmore\n".utf8))
        #expect(buffer.takeLines(flush: true).isEmpty)

        // A whole line over the limit in one chunk is refused too, after the good lines.
        let whole = LineBuffer(limit: 4)
        whole.append(Data("ok\n123456\nlater\n".utf8))
        #expect(whole.takeLines() == ["ok"])
        #expect(whole.overlong == 3)

        // Many small chunks of one long line within the limit still give one line.
        let long = LineBuffer(limit: 1 << 20)
        let line = String(repeating: "a", count: 600_000)
        for chunk in stride(from: 0, to: line.utf8.count, by: 4096) {
            long.append(Data(Array(line.utf8)[chunk..<min(chunk + 4096, line.utf8.count)]))
        }
        long.append(Data("\n".utf8))
        #expect(long.takeLines() == [line])
    }
}
