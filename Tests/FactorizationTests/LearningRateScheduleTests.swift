import Core
import Testing

@testable import Factorization

struct LearningRateScheduleTests {
    @Test func stepDecayFollowsTheBooksFormula() throws {
        let h = try Hyperparameters(["alpha": .double(2), "decay_pct": .double(0.5), "period_length": .int(100)])
        // lr(i) = alpha · decay^floor((1 + i) / period)
        #expect(h.learningRate(at: 0) == 2)
        #expect(h.learningRate(at: 98) == 2)
        #expect(h.learningRate(at: 99) == 1)
        #expect(h.learningRate(at: 199) == 0.5)
        #expect(h.learningRate(at: 1000) == 2 * 0.5 * 0.5 * 0.5 * 0.5 * 0.5 * 0.5 * 0.5 * 0.5 * 0.5 * 0.5)
    }
}
