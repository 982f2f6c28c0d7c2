import Core
import Factorization
import Reports
import Synchronization
import Testing

@testable import Agents

/// What `launch`, `train` and `promote` write to standard error: a line redrawn in place on a
/// terminal, plain lines at a modest rate when piped.
struct ProgressDisplayTests {
    /// A display writing into `output`, on a clock the test moves.
    final class Harness: Sendable {
        let output = Mutex("")
        let clock = Mutex(0.0)
        let columns = Mutex(80)

        func display(live: Bool, environment: [String: String] = [:]) -> ProgressDisplay {
            ProgressDisplay(
                isLive: live, environment: environment, columns: { self.columns.withLock { $0 } },
                now: { self.clock.withLock { $0 } }, write: { text in self.output.withLock { $0 += text } })
        }

        var text: String { output.withLock { $0 } }
        func advance(_ seconds: Double) { clock.withLock { $0 += seconds } }
    }

    static func line(_ finished: Int) -> LiveLine {
        LiveLine.sweep(
            counts: ["finished": finished, "running": 2], limit: 40, elapsedSeconds: Double(finished),
            best: RunSummary(
                number: 1, state: "finished",
                config: ["alpha": .double(0.012345678901), "a_rather_long_parameter_name": .double(1.23456789)],
                metric: 0.5),
            metric: "test_rmse_mean", swept: ["a_rather_long_parameter_name", "alpha"])
    }

    @Test("on a terminal: each update redraws with \\r ESC[K, fitted to one column less than the width")
    func liveRedraws() {
        let h = Harness()
        h.columns.withLock { $0 = 40 }
        let display = h.display(live: true)
        display.update(Self.line(1))
        display.update(Self.line(2))
        h.columns.withLock { $0 = 120 }
        display.update(Self.line(3))
        display.finish()
        let draws = h.text.split(separator: "\r\u{1B}[K", omittingEmptySubsequences: true)
        #expect(draws.count == 3, "\(h.text)")
        #expect(DisplayWidth.of(draws[0]) <= 39 && DisplayWidth.of(draws[1]) <= 39, "\(draws)")
        #expect(draws[2] == Substring(Self.line(3).full + "\n"), "\(draws)")
    }

    @Test("after the terminal shrinks below the drawn line, the rows it was rewrapped onto are cleared")
    func shrinkClearsRewrappedRows() {
        let h = Harness()
        h.columns.withLock { $0 = 120 }
        let display = h.display(live: true)
        display.update(Self.line(1))
        let drawn = DisplayWidth.of(Self.line(1).full)
        #expect(drawn > 90 && drawn <= 119, "\(drawn)")
        h.columns.withLock { $0 = 30 }
        let before = h.text.count
        display.update(Self.line(2))
        let redraw = String(h.text.dropFirst(before))
        // 91…119 columns on 30-column rows: 4 rows, so the cursor goes up 3 rows.
        #expect(redraw.hasPrefix("\r\u{1B}[K" + String(repeating: "\u{1B}[1A\u{1B}[K", count: 3) + "2/40"), "\(redraw)")
        #expect(DisplayWidth.of(redraw.split(separator: "\u{1B}[K").last!) <= 29)
    }

    @Test("on a terminal a note clears the line, prints, and draws the line again")
    func liveNote() {
        let h = Harness()
        let display = h.display(live: true)
        display.update(LiveLine.refit(step: 1, steps: 2, trainOMSE: 0.5))
        display.note("promote: hello")
        #expect(
            h.text
                == "\r\u{1B}[Krefit: step 1/2  train omse 0.5\r\u{1B}[Kpromote: hello\n\r\u{1B}[Krefit: step 1/2  train omse 0.5"
        )
    }

    @Test("TERM=dumb clears with spaces instead of an escape sequence")
    func dumbTerminal() {
        let h = Harness()
        let display = h.display(live: true, environment: ["TERM": "dumb"])
        display.update(LiveLine.refit(step: 10, steps: 20, trainOMSE: 0.5))
        display.update(LiveLine.refit(step: 20, steps: 20, trainOMSE: 0.25))
        #expect(!h.text.contains("\u{1B}"))
        #expect(
            h.text.hasSuffix("\r" + String(repeating: " ", count: 33) + "\rrefit: step 20/20  train omse 0.25"),
            "\(h.text)")
    }

    @Test(
        "piped: whole lines, no \\r, milestones at most once a second, others every ten seconds, the held-back last one at the end"
    )
    func pipedLines() {
        let h = Harness()
        let display = h.display(live: false)
        display.update(Self.line(0), milestone: true)  // first milestone: written
        h.advance(0.5)
        display.update(Self.line(1), milestone: true)  // 0.5 s later: held back
        h.advance(0.6)
        display.update(Self.line(1), milestone: false)  // 1.1 s after the last line: the held milestone is due
        for _ in 0..<15 {
            h.advance(0.5)
            display.update(Self.line(1))  // the same text: nothing new
        }
        h.advance(2.5)
        display.update(Self.line(2), milestone: true)
        h.advance(0.1)
        display.update(Self.line(3), milestone: true)  // held back …
        display.finish()  // … and written at the end
        let lines = h.text.split(separator: "\n").map(String.init)
        #expect(!h.text.contains("\r") && !h.text.contains("\u{1B}"))
        #expect(h.text.hasSuffix("\n"))
        #expect(lines == [0, 1, 2, 3].map { Self.line($0).full }, "\(lines)")
    }

    @Test("piped: a line that is not a milestone waits ten seconds; a short train prints nothing")
    func pipedPeriod() {
        let h = Harness()
        let display = h.display(live: false)
        display.update(LiveLine.refit(step: 1, steps: 9, trainOMSE: 1))
        h.advance(5)
        display.update(LiveLine.refit(step: 2, steps: 9, trainOMSE: 1))
        display.finish()
        #expect(h.text == "")
        h.advance(10)
        display.update(LiveLine.refit(step: 3, steps: 9, trainOMSE: 1))
        h.advance(1)
        display.update(LiveLine.refit(step: 4, steps: 9, trainOMSE: 1))
        display.finish()
        #expect(h.text == "refit: step 3/9  train omse 1\nrefit: step 4/9  train omse 1\n")
    }

    @Test("colour: only on a terminal, never with a non-empty NO_COLOR or TERM=dumb")
    func colour() {
        let h = Harness()
        #expect(h.display(live: true, environment: ["TERM": "xterm-256color"]).colorEnabled)
        #expect(h.display(live: true, environment: ["NO_COLOR": ""]).colorEnabled)
        #expect(!h.display(live: true, environment: ["NO_COLOR": "1"]).colorEnabled)
        #expect(!h.display(live: true, environment: ["TERM": "dumb"]).colorEnabled)
        #expect(!h.display(live: false, environment: [:]).colorEnabled)
    }
}
