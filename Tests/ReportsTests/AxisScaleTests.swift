import Testing

@testable import Reports

struct AxisScaleTests {
    @Test func linearAxesRoundOutToNiceTicks() {
        let s = AxisScale(covering: [0.873, 1.04])
        #expect(s.low <= 0.873 && s.high >= 1.04)
        #expect(s.ticks.count >= 3 && s.ticks.count <= 8)
        #expect(s.ticks.map(s.label) == ["0.85", "0.90", "0.95", "1.00", "1.05"])
    }

    @Test func logAxesRoundOutToTheOneTwoFiveSequence() {
        let s = AxisScale(covering: [2.4, 36.9], logarithmic: true)
        #expect(s.logarithmic)
        #expect(s.ticks == [2, 5, 10, 20, 50])
        #expect(s.low == 2 && s.high == 50)
        #expect(abs(s.fraction(10) - 0.5) < 0.01)
    }

    @Test func narrowRangesStayLinear() {
        #expect(!AxisScale(covering: [3, 4], logarithmic: true).logarithmic)
        #expect(!AxisScale(covering: [-1, 40], logarithmic: true).logarithmic)
    }

    @Test func constantValuesStillGiveARange() {
        let s = AxisScale(covering: [5, 5])
        #expect(s.low < 5 && s.high > 5)
    }
}
