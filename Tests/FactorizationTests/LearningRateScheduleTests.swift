import Core
import Foundation
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

extension LearningRateScheduleTests {
    /// fastai's `fit_one_cycle` over 1000 steps at lr_max 0.01: from 0.01/25 up by a half-cosine
    /// over the first 25% of the steps, then down to 0.01/1e5; the momentum the other way.
    @Test func oneCycleFollowsFastaisCombinedCosine() throws {
        let h = try Hyperparameters([
            "alpha": .double(0.01), "steps": .int(1000), "schedule": .string("one_cycle"),
        ])
        // Hand computation with the peer's form, c = (1 − cos(πq)) / 2, lr = start + c·(end − start).
        func expected(_ i: Int) -> (lr: Double, mom: Double) {
            let p = Double(i) / 1000
            if p < 0.25 {
                let c = (1 - Foundation.cos(Double.pi * p / 0.25)) / 2
                return (0.0004 + c * (0.01 - 0.0004), 0.95 - c * 0.10)
            }
            let c = (1 - Foundation.cos(Double.pi * (p - 0.25) / 0.75)) / 2
            return (0.01 + c * (1e-7 - 0.01), 0.85 + c * 0.10)
        }
        for i in [0, 1, 100, 249, 250, 251, 500, 900, 999] {
            let (lr, mom) = expected(i)
            #expect(abs(h.learningRate(at: i) - lr) <= 1e-15, "lr at \(i)")
            #expect(abs(try #require(h.cycledMomentum(at: i)) - mom) <= 1e-12, "momentum at \(i)")
        }
        #expect(h.learningRate(at: 0) == 0.01 / 25)
        #expect(abs(h.learningRate(at: 250) - 0.01) < 1e-18)
        #expect(h.learningRate(at: 999) < 1e-6)
        // The step schedule leaves the momentum alone.
        #expect(try Hyperparameters([:]).cycledMomentum(at: 3) == nil)
    }

    @Test func constantKeepsAlpha() throws {
        let h = try Hyperparameters(["alpha": .double(0.3), "schedule": .string("constant")])
        #expect([0, 99, 500, 999].allSatisfy { h.learningRate(at: $0) == 0.3 })
    }

    @Test func oneCycleSettingsAreChecked() {
        #expect(throws: HyperparameterError.self) { try Hyperparameters(["schedule": .string("cosine")]) }
        #expect(throws: HyperparameterError.self) { try Hyperparameters(["pct_start": .double(1)]) }
        #expect(throws: HyperparameterError.self) { try Hyperparameters(["div": .double(0.5)]) }
        #expect(throws: HyperparameterError.self) { try Hyperparameters(["div_final": .double(0)]) }
    }

    /// With a cycled β1, Adam's first step still moves each parameter by the learning rate
    /// (the bias correction uses the step's β1, 0.95, as PyTorch's Adam does with its current
    /// betas).
    @Test func adamsBiasCorrectionUsesTheCycledBeta1() throws {
        let h = try Hyperparameters([
            "optimizer": .string("adam"), "schedule": .string("one_cycle"), "alpha": .double(0.01),
            "steps": .int(100),
        ])
        let state = OptimizerState(optimizer: .adam, userCount: 1, itemCount: 1, embDim: 8, bias: false)
        let s = state.stepScales(h, learningRate: Float(h.learningRate(at: 0)), t: 1)
        #expect(s.beta1 == Float(0.95))
        // lr · √(1 − β2) / (1 − β1) with β1 = 0.95.
        let expected = 0.0004 * (1 - 0.999).squareRoot() / (1 - 0.95)
        #expect(abs(Double(s.lr) - expected) <= 1e-9, "\(s.lr) vs \(expected)")
    }
}
