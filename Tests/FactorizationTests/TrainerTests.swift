import Core
import Ratings
import Testing

@testable import Factorization

/// Behaviour of the trainer on synthetic data: update rules, determinism, lockstep folds,
/// divergence.
struct TrainerTests {
    static func table(seed: UInt64 = 3) -> RatingsTable {
        SyntheticRatings.generate(
            SyntheticSpec(users: 120, items: 80, rank: 3, density: 0.25, noise: 0.1, seed: seed))
    }

    static func settings(_ values: [String: ParameterValue]) -> Hyperparameters {
        try! Hyperparameters(values)
    }

    static func snapshot(_ model: MFModel) -> [Float] {
        model.users.flattened() + model.items.flattened() + (model.userBias ?? [])
            + (model.itemBias ?? [])
    }

    /// Runs one step's gradient, then one real step, and returns (before, gradient, after).
    static func oneStep(_ h: Hyperparameters) -> (before: [Float], grad: [Float], after: [Float]) {
        let fold = ObservedRatings(table()).fold(0)
        let trainer = FoldTrainer(fold: fold, hyperparameters: h, seed: 1)
        _ = trainer.computeGradients()
        let before = snapshot(trainer.model)
        let grad = trainer.gradU.flattened() + trainer.gradV.flattened()
        var one = h
        one.steps = 1
        let result = LockstepTrainer(
            hyperparameters: one, folds: [fold], seed: 1, threads: 2
        ).run()
        return (before, grad, snapshot(result.models[0]))
    }

    @Test func gradientDescentStepsAgainstTheGradient() {
        let h = Self.settings(["alpha": .double(3), "emb_dim": .int(5), "prior_std": .double(0.5)])
        let (before, grad, after) = Self.oneStep(h)
        for k in grad.indices {
            let expected = before[k] - 3 * grad[k]
            #expect(abs(after[k] - expected) <= 1e-6 * max(1, abs(expected)), "parameter \(k)")
        }
    }

    @Test func adamsFirstStepMovesEachParameterByTheLearningRate() {
        // With bias correction, step 1 is lr · g/(|g| + ε) ≈ lr · sign(g).
        let h = Self.settings([
            "alpha": .double(0.01), "emb_dim": .int(5), "prior_std": .double(0.5),
            "optimizer": .string("adam"),
        ])
        let (before, grad, after) = Self.oneStep(h)
        for k in grad.indices where abs(grad[k]) > 1e-4 {
            let expected = before[k] - 0.01 * (grad[k] > 0 ? 1 : -1)
            #expect(abs(after[k] - expected) <= 1e-5, "parameter \(k)")
        }
    }

    @Test func momentumsFirstStepIsAGradientStep() {
        let h = Self.settings([
            "alpha": .double(2), "emb_dim": .int(4), "prior_std": .double(0.5),
            "optimizer": .string("momentum"), "momentum": .double(0.9),
        ])
        let (before, grad, after) = Self.oneStep(h)
        for k in grad.indices {
            #expect(abs(after[k] - (before[k] - 2 * grad[k])) <= 1e-5, "parameter \(k)")
        }
    }

    @Test(arguments: ["gd", "momentum", "adam"])
    func everyOptimizerLearnsALowRankSignal(optimizer: String) throws {
        let alpha = ["gd": 20.0, "momentum": 5.0, "adam": 0.05][optimizer]!
        let h = Self.settings([
            "emb_dim": .int(6), "prior_std": .double(0.3), "alpha": .double(alpha), "steps": .int(300),
            "ell_2": .double(0.01), "gram": .double(0), "decay_pct": .double(0.9),
            "period_length": .int(100), "bias": .bool(true), "optimizer": .string(optimizer),
        ])
        let table = Self.table()
        let mean = table.ratings.reduce(0.0) { $0 + Double($1) } / Double(table.count)
        let variance =
            table.ratings.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(table.count)
        let outcome = try TrainingSession(table: table, hyperparameters: h, validation: .holdout(0.2), threads: 2).run()
        let test = try #require(outcome.result.testOMSEMean)
        #expect(test < 0.5 * variance, "test OMSE \(test) vs rating variance \(variance)")
    }

    @Test(arguments: ["momentum", "adam"])
    func aOneCycleScheduleLearnsALowRankSignal(optimizer: String) throws {
        let h = Self.settings([
            "emb_dim": .int(6), "prior_std": .double(0.3), "alpha": .double(optimizer == "adam" ? 0.1 : 10),
            "steps": .int(300), "ell_2": .double(0.01), "gram": .double(0), "bias": .bool(true),
            "optimizer": .string(optimizer), "schedule": .string("one_cycle"),
        ])
        let table = Self.table()
        let mean = table.ratings.reduce(0.0) { $0 + Double($1) } / Double(table.count)
        let variance =
            table.ratings.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(table.count)
        let outcome = try TrainingSession(table: table, hyperparameters: h, validation: .holdout(0.2), threads: 2).run()
        let test = try #require(outcome.result.testOMSEMean)
        #expect(test < 0.5 * variance, "test OMSE \(test) vs rating variance \(variance)")
        // The logged learning rate follows the schedule: up to alpha at 25%, then down.
        #expect(h.learningRate(at: 75) == h.alpha)
    }

    @Test func sameSeedGivesBitIdenticalFactorsForAnyThreadCount() throws {
        let table = Self.table()
        let h = Self.settings([
            "emb_dim": .int(13), "steps": .int(40), "alpha": .double(5), "prior_std": .double(0.4),
            "gram": .double(0.5), "ell_2": .double(0.1), "bias": .bool(true), "optimizer": .string("adam"),
        ])
        var runs: [[Float]] = []
        for threads in [1, 2, 3, 1] {
            let outcome = try TrainingSession(
                table: table, hyperparameters: h, validation: .kFold(3), seed: 9, threads: threads
            ).run()
            runs.append(outcome.result.models.flatMap { Self.snapshot($0) })
        }
        #expect(runs.allSatisfy { $0 == runs[0] })
        let other = try TrainingSession(
            table: table, hyperparameters: h, validation: .kFold(3), seed: 10, threads: 2
        ).run()
        #expect(other.result.models.flatMap { Self.snapshot($0) } != runs[0])
    }

    /// With more rows than one Gramian block (256), each block sums its own partial: the sum of
    /// the partials is UᵀU and VᵀV, and training stays bit-identical for any thread count.
    @Test func gramiansOfManyBlocksAreExactAndThreadFree() throws {
        let table = SyntheticRatings.generate(
            SyntheticSpec(users: 700, items: 530, rank: 3, density: 0.02, noise: 0.1, seed: 4))
        let h = Self.settings([
            "emb_dim": .int(13), "steps": .int(6), "alpha": .double(0.05), "prior_std": .double(0.4),
            "gram": .double(2), "ell_2": .double(0.1), "bias": .bool(true), "optimizer": .string("adam"),
        ])
        let fold = ObservedRatings(table).fold(0)
        let trainer = FoldTrainer(fold: fold, hyperparameters: h, seed: 2)
        #expect(trainer.userGramianTaskCount == 3 && trainer.gramianTaskCount == 6)
        let losses = trainer.computeGradients()
        var loss = 0.0
        for (x, gram) in [(trainer.model.users.storage, trainer.gramU), (trainer.model.items.storage, trainer.gramV)] {
            for a in 0..<13 {
                for b in 0..<13 {
                    var exact = 0.0
                    for r in 0..<x.rows { exact += Double(x[r, a]) * Double(x[r, b]) }
                    #expect(abs(Double(gram[a, b]) - exact) <= 1e-5 * max(1, abs(exact)), "G[\(a), \(b)]")
                }
            }
        }
        for a in 0..<13 {
            for b in 0..<13 { loss += Double(trainer.gramU[a, b]) * Double(trainer.gramV[a, b]) }
        }
        let gramian = try #require(losses.gramian)
        let expected = loss / (700.0 * 530)
        #expect(abs(gramian - expected) <= 1e-5 * abs(expected) + 1e-12, "\(gramian) vs \(expected)")
        let runs = [1, 2, 3].map { threads in
            LockstepTrainer(hyperparameters: h, folds: [fold], seed: 2, threads: threads).run().models
                .flatMap { Self.snapshot($0) }
        }
        #expect(runs[1] == runs[0] && runs[2] == runs[0])
    }

    @Test func foldsStepInLockstepAndLogTogether() throws {
        let h = Self.settings(["emb_dim": .int(4), "steps": .int(25), "alpha": .double(10), "gram": .double(0.2)])
        var logs: [StepLog] = []
        let outcome = try TrainingSession(
            table: Self.table(), hyperparameters: h, validation: .kFold(4), threads: 2
        ).run(logEvery: 10) { logs.append($0) }
        #expect(logs.map(\.step) == [0, 10, 20, 24])
        for log in logs {
            #expect(log.folds.map(\.fold) == [0, 1, 2, 3])
            let tests = log.folds.map(\.testOMSE)
            #expect(log.testOMSEMean == tests.reduce(0, +) / 4)
            #expect(log.testOMSEMax == tests.max() && log.testOMSEMin == tests.min())
            #expect(log.learningRate == h.learningRate(at: log.step))
            for f in log.folds {
                let expectedTotal = f.losses.omse + h.ell2 * f.losses.l2 + h.gram * f.losses.gramian!
                #expect(abs(f.losses.total - expectedTotal) <= 1e-12 * expectedTotal)
            }
            let names = Set(log.metrics.map(\.name))
            #expect(
                names.isSuperset(of: [
                    "Train omse", "Test omse", "l2_loss", "gr_loss", "total_loss",
                    "learning_rate", "Test omse_mean", "test omse_max", "test omse_min",
                ]))
        }
        // The last log's test values are the final results.
        #expect(logs.last!.folds.map(\.testOMSE) == outcome.result.folds.map { $0.testOMSE! })
        #expect(outcome.result.folds.allSatisfy { $0.steps == 25 && $0.diverged == nil })
    }

    @Test func kFoldTestsEveryRatingOnce() throws {
        let table = Self.table()
        let folds = try Validation.kFold(5).folds(of: table, seed: 4)
        #expect(folds.count == 5)
        #expect(folds.map(\.testCount).reduce(0, +) == table.count)
        for f in folds { #expect(f.trainCount + f.testCount == table.count) }
    }

    @Test func divergenceStopsTheFoldAndNamesTheStep() throws {
        let h = Self.settings(["emb_dim": .int(4), "steps": .int(200), "alpha": .double(1e6), "prior_std": .double(1)])
        let outcome = try TrainingSession(
            table: Self.table(), hyperparameters: h, validation: .kFold(2), threads: 2
        ).run()
        let r = outcome.result
        #expect(r.folds.count == 2)
        for fold in r.folds {
            let reason = try #require(fold.diverged)
            #expect(reason.hasPrefix("diverged at step "))
            #expect(fold.steps < 200 && fold.testOMSE == nil)
            #expect(reason == "diverged at step \(fold.steps - 1)")
        }
        #expect(r.diverged?.hasPrefix("fold 0: diverged at step") == true)
        #expect(r.testOMSEMean == nil)
    }

    @Test func anOverflowInTheLastUpdateCountsAsDivergence() throws {
        // Three ratings, three folds: each fold trains on two ratings and blows up within a
        // few steps; whichever step it happens on, no fold may report a non-finite value.
        var table = RatingsTable()
        table.append(user: "1", item: "1", rating: 5, timestamp: 1)
        table.append(user: "2", item: "2", rating: 1, timestamp: 2)
        table.append(user: "1", item: "2", rating: 3, timestamp: 3)
        // (steps, fold) of the folds that diverged, and of those whose last update overflowed.
        var diverged: [(steps: Int, fold: Int)] = []
        var lastUpdateOverflowed: [(steps: Int, fold: Int)] = []
        for steps in 1...8 {
            let h = Self.settings([
                "emb_dim": .int(3), "steps": .int(steps), "alpha": .double(1e3), "prior_std": .double(3),
            ])
            let r = try TrainingSession(table: table, hyperparameters: h, validation: .kFold(3), threads: 1).run()
                .result
            #expect(r.folds.count == 3)
            for fold in r.folds where fold.diverged != nil {
                diverged.append((steps, fold.fold))
                // The loss is checked before each update: an overflow in the last one is caught
                // only by the final evaluation, which names the last step.
                if fold.diverged == "diverged after step \(steps - 1)" {
                    #expect(fold.steps == steps)
                    lastUpdateOverflowed.append((steps, fold.fold))
                }
            }
            for fold in r.folds {
                let values = [fold.trainOMSE, fold.testOMSE].compactMap { $0 }
                #expect(fold.diverged != nil || values.allSatisfy(\.isFinite), "steps \(steps): \(fold)")
                if fold.diverged != nil { #expect(fold.trainOMSE == nil && fold.testOMSE == nil) }
            }
            if r.diverged == nil { #expect(r.testOMSEMean?.isFinite == true) }
        }
        // The inputs do blow up, and for some step count exactly in the last update: the case
        // this test is about is exercised, not just allowed.
        #expect(!diverged.isEmpty, "no run diverged: the inputs no longer test divergence")
        #expect(
            !lastUpdateOverflowed.isEmpty,
            "no fold overflowed in its last update; diverged (steps, fold): \(diverged)")
    }

    @Test func aTinyPeriodLengthDoesNotLoop() throws {
        let h = Self.settings(["alpha": .double(2), "decay_pct": .double(0.5), "period_length": .double(1e-9)])
        #expect(h.learningRate(at: 5) == 0)
        let one = Self.settings(["alpha": .double(2), "decay_pct": .double(1), "period_length": .double(1e-9)])
        #expect(one.learningRate(at: 5) == 2)
    }

    @Test func outputRangeKeepsPredictionsInside() throws {
        let h = Self.settings([
            "emb_dim": .int(4), "steps": .int(100), "alpha": .double(0.1), "prior_std": .double(2),
            "optimizer": .string("adam"), "bias": .bool(true), "y_range": .list([.double(1), .double(5)]),
        ])
        let outcome = try TrainingSession(table: Self.table(), hyperparameters: h, validation: .holdout(0.2)).run()
        let model = outcome.result.models[0]
        for u in 0..<model.users.rows {
            for i in 0..<model.items.rows {
                let p = model.predict(user: u, item: i)
                #expect(p >= 1 && p <= 5)
            }
        }
    }
}
