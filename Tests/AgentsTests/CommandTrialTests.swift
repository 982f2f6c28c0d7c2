import Agents
import Foundation
import Testing

/// A command sweep's program: its output, read through pipes, reaches the run whole and in
/// order, however fast it is written and however soon the program exits after writing it.
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
}
