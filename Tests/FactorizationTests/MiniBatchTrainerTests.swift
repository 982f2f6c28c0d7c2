import Core
import Foundation
import Ratings
import TestSupport
import Testing

@testable import Factorization

/// Mini-batch training (`batch_size` > 0) against an independent Double-precision reference,
/// the dense and sparse update rules, logging, and reproducibility.
struct MiniBatchTrainerTests {
    static func settings(_ values: [String: ParameterValue]) -> Hyperparameters {
        try! Hyperparameters(values)
    }

    static func snapshot(_ model: MFModel) -> [Float] {
        model.users.flattened() + model.items.flattened() + (model.userBias ?? []) + (model.itemBias ?? [])
    }

    /// fastai's chapter settings, scaled down.
    static func chapter(_ extra: [String: ParameterValue] = [:]) -> [String: ParameterValue] {
        var v: [String: ParameterValue] = [
            "batch_size": .int(64), "epochs": .int(5), "optimizer": .string("adam"), "beta2": .double(0.99),
            "epsilon": .double(1e-5), "schedule": .string("one_cycle"), "alpha": .double(5e-3),
            "y_range": .list([.double(0), .double(5.5)]), "ell_2": .double(0), "gram": .double(0),
            "prior_std": .double(0.01), "bias": .bool(true), "emb_dim": .int(50), "wd": .double(0.1),
        ]
        for (k, x) in extra { v[k] = x }
        return v
    }

    /// One batch per epoch holding every training rating, so the batch's gradient does not
    /// depend on the shuffle: the trainer must agree with a plain Double implementation of
    /// AdamW (PyTorch's update, with the one-cycle schedule's rate and β1 at each step), the
    /// sigmoid output range, biases and the ell_2 penalty.
    @Test func oneBatchPerEpochMatchesADoubleReferenceOfAdamW() {
        let users: [Int32] = [0, 0, 1, 1, 2, 2, 3, 0]
        let items: [Int32] = [0, 1, 1, 2, 0, 2, 1, 2]
        let values: [Float] = [4, 2, 5, 3, 1, 4, 2, 5]
        let (n, m, d) = (4, 3, 3)
        let h = Self.settings(
            Self.chapter([
                "batch_size": .int(100), "epochs": .int(6), "emb_dim": .int(d), "prior_std": .double(0.5),
                "alpha": .double(0.05), "ell_2": .double(0.3),
            ]))
        let ratings = ObservedRatings(users: users, items: items, ratings: values, userCount: n, itemCount: m)
        let result = LockstepTrainer(hyperparameters: h, folds: ratings.folds, seed: 7, threads: 1).run()

        // The reference: the same initial model, then plain loops in Double.
        let start = MFModel(userCount: n, itemCount: m, hyperparameters: h, mean: 0, seed: 7)
        var p = Self.snapshot(start).map(Double.init)  // U, V (row-major), b_u, b_i
        let width = d
        let (uAt, vAt, buAt, biAt) = (0, n * width, (n + m) * width, (n + m) * width + n)
        var first = [Double](repeating: 0, count: p.count)
        var second = [Double](repeating: 0, count: p.count)
        var schedule = h
        schedule.steps = h.epochs
        func sigmoid(_ x: Double) -> Double { 1 / (1 + (-x).exp) }
        for step in 0..<h.epochs {
            var g = [Double](repeating: 0, count: p.count)
            for k in values.indices {
                let (u, i) = (Int(users[k]), Int(items[k]))
                var s = p[buAt + u] + p[biAt + i]
                for j in 0..<d { s += p[uAt + u * width + j] * p[vAt + i * width + j] }
                let e = 5.5 * sigmoid(s) - Double(values[k])
                let ds = 2 / Double(values.count) * e * 5.5 * sigmoid(s) * (1 - sigmoid(s))
                for j in 0..<d {
                    g[uAt + u * width + j] += ds * p[vAt + i * width + j]
                    g[vAt + i * width + j] += ds * p[uAt + u * width + j]
                }
                g[buAt + u] += ds
                g[biAt + i] += ds
            }
            for j in 0..<(n * width) { g[uAt + j] += 2 * 0.3 / Double(n) * p[uAt + j] }
            for j in 0..<(m * width) { g[vAt + j] += 2 * 0.3 / Double(m) * p[vAt + j] }
            for u in 0..<n { g[buAt + u] += 2 * 0.3 / Double(n) * p[buAt + u] }
            for i in 0..<m { g[biAt + i] += 2 * 0.3 / Double(m) * p[biAt + i] }
            let lr = schedule.learningRate(at: step)
            let beta1 = schedule.cycledMomentum(at: step)!
            let t = Double(step + 1)
            for j in p.indices {
                p[j] *= 1 - lr * 0.1
                first[j] = beta1 * first[j] + (1 - beta1) * g[j]
                second[j] = 0.99 * second[j] + 0.01 * g[j] * g[j]
                let mHat = first[j] / (1 - pow(beta1, t))
                let vHat = second[j] / (1 - pow(0.99, t))
                p[j] -= lr * mHat / (vHat.squareRoot() + 1e-5)
            }
        }
        let trained = Self.snapshot(result.models[0])
        #expect(trained.count == p.count)
        for j in p.indices {
            #expect(abs(Double(trained[j]) - p[j]) <= 2e-5 + 1e-4 * abs(p[j]), "parameter \(j)")
        }
        #expect(result.folds[0].steps == 6)
        #expect(result.steps == 6)
    }

    /// Dense updates (the default) move every row, as PyTorch's AdamW does on an `nn.Embedding`;
    /// sparse updates leave rows no batch touched exactly as they were.
    @Test func denseUpdatesDecayUntouchedRowsAndSparseUpdatesLeaveThem() {
        // User 2 and item 3 have no ratings: no batch ever touches them.
        let ratings = ObservedRatings(
            users: [0, 1, 0, 1], items: [0, 1, 1, 2], ratings: [4, 2, 5, 1], userCount: 3, itemCount: 4)
        var values = Self.chapter(["batch_size": .int(1), "epochs": .int(3), "emb_dim": .int(4)])
        values["prior_std"] = .double(0.3)
        let dense = Self.settings(values)
        values["sparse"] = .bool(true)
        let sparse = Self.settings(values)
        let start = MFModel(userCount: 3, itemCount: 4, hyperparameters: dense, mean: 0, seed: 5)
        let denseModel = LockstepTrainer(hyperparameters: dense, folds: ratings.folds, seed: 5, threads: 1).run()
            .models[0]
        let sparseModel = LockstepTrainer(hyperparameters: sparse, folds: ratings.folds, seed: 5, threads: 1).run()
            .models[0]

        #expect(sparseModel.users.rowValues(2) == start.users.rowValues(2))
        #expect(sparseModel.items.rowValues(3) == start.items.rowValues(3))
        // Dense: the row's moments stay zero, so only the weight decay moves it: ∏(1 − lr_t·wd).
        var schedule = dense
        schedule.steps = 3 * 4
        var factor: Float = 1
        for step in 0..<12 { factor *= Float(1 - Double(Float(schedule.learningRate(at: step))) * 0.1) }
        for (a, b) in zip(denseModel.users.rowValues(2), start.users.rowValues(2)) {
            #expect(abs(a - b * factor) <= 1e-7)
        }
        #expect(denseModel.users.rowValues(2) != start.users.rowValues(2))
        // Touched rows train in both modes, differently: a dense row keeps moving on its momentum
        // in the steps that do not touch it.
        #expect(denseModel.users.rowValues(0) != start.users.rowValues(0))
        #expect(sparseModel.users.rowValues(0) != start.users.rowValues(0))
        #expect(denseModel.users.rowValues(0) != sparseModel.users.rowValues(0))
    }

    /// Every optimizer learns a low-rank signal in mini-batches; results do not depend on the
    /// thread count, and folds log together at the end of each epoch and every `log_batches`.
    @Test(arguments: ["sgd", "momentum", "rmsprop", "adam"])
    func everyOptimizerLearnsInMiniBatchesAndIsReproducible(optimizer: String) throws {
        let table = SyntheticRatings.generate(
            SyntheticSpec(users: 150, items: 90, rank: 3, density: 0.3, noise: 0.05, seed: 11))
        let alpha: Double =
            switch optimizer {
            case "sgd": 1
            case "momentum": 0.5
            default: 0.03
            }
        // Decoupled weight decay shrinks by lr·wd per step: only the adaptive rules' small rates
        // leave room for it here.
        let wd = optimizer == "sgd" || optimizer == "momentum" ? 0 : 0.01
        let h = Self.settings([
            "batch_size": .int(32), "epochs": .int(12), "optimizer": .string(optimizer), "alpha": .double(alpha),
            "ell_2": .double(0), "gram": .double(0), "emb_dim": .int(8), "prior_std": .double(0.3),
            "bias": .bool(true), "log_batches": .int(50), "wd": .double(wd), "schedule": .string("one_cycle"),
        ])
        let folds = try Validation.kFold(3).folds(of: table, seed: 2)
        var logs: [StepLog] = []
        let one = LockstepTrainer(hyperparameters: h, folds: folds, seed: 4, threads: 1).run(onLog: { logs.append($0) })
        let three = LockstepTrainer(hyperparameters: h, folds: folds, seed: 4, threads: 3).run()
        #expect(one == three)
        for f in 0..<3 { #expect(Self.snapshot(one.models[f]) == Self.snapshot(three.models[f])) }

        let variance = table.ratings.map { Double($0) }.variance
        let test = try #require(one.testOMSEMean)
        #expect(test < 0.5 * variance, "test OMSE \(test) against a rating variance of \(variance)")
        // ⌈(2/3 of 4050 ratings) / 32⌉ = 85 batches per epoch on the largest fold: logs at 49
        // and at the end of each epoch (84), for 12 epochs.
        let grid = folds.map { ($0.trainCount + 31) / 32 }.max()!
        #expect(logs.count == 12 * (1 + (grid - 2) / 50))
        #expect(logs.last!.step == 12 * grid - 1)
        #expect(logs.allSatisfy { $0.folds.count == 3 && $0.steps == 12 * grid })
        #expect(logs.first!.step == 49)
    }

    /// A stop is honoured within ``MiniBatchTrainer/stopCheckSteps`` steps, not only at the end
    /// of an epoch (an epoch of a large data set takes minutes).
    @Test func aStopIsHonouredWithinAnEpoch() throws {
        let table = SyntheticRatings.generate(
            SyntheticSpec(users: 60, items: 50, rank: 2, density: 0.5, noise: 0.1, seed: 3))
        let folds = try Validation.holdout(0.2).folds(of: table, seed: 1)
        let h = Self.settings(["batch_size": .int(1), "epochs": .int(3), "optimizer": .string("adam")])
        #expect(folds[0].trainCount > 2 * MiniBatchTrainer.stopCheckSteps)
        var polls = 0
        var logs = 0
        let result = LockstepTrainer(hyperparameters: h, folds: folds, seed: 1, threads: 1).run(
            onLog: { _ in logs += 1 },
            shouldStop: {
                polls += 1
                return true
            })
        #expect(polls == 1 && logs == 0)
        #expect(result.folds[0].steps == MiniBatchTrainer.stopCheckSteps)
        #expect(result.folds[0].testOMSE != nil)
    }

    /// The chapter's two DotProductBias runs on ml-100k (a seeded 20% holdout): weight decay
    /// 0.1 generalises; without it the valid loss is best early and rises while the train loss
    /// keeps falling.
    @Test(.enabled(if: MovieLens100k.available, MovieLens100k.skipMessage))
    func theChaptersWeightDecayRunsOnMovieLens() throws {
        let table = try RatingsLoader.load(path: MovieLens100k.ratingsPath).table
        let folds = try Validation.holdout(0.2).folds(of: table, seed: 0)
        func run(_ wd: Double) -> (train: [Double], valid: [Double], final: Double) {
            var logs: [StepLog] = []
            let h = Self.settings(Self.chapter(["wd": .double(wd)]))
            let result = LockstepTrainer(hyperparameters: h, folds: folds, seed: 0, threads: 1).run(onLog: {
                logs.append($0)
            })
            return (logs.map(\.folds[0].losses.omse), logs.map(\.folds[0].testOMSE), result.folds[0].testOMSE!)
        }
        let decayed = run(0.1)
        let plain = run(0)
        #expect(decayed.valid.count == 5)
        #expect(decayed.final < 0.84, "valid MSE \(decayed.final) (the chapter: 0.823)")
        let best = plain.valid.indices.min { plain.valid[$0] < plain.valid[$1] }!
        #expect(best < 4, "valid MSE by epoch without weight decay: \(plain.valid)")
        #expect(plain.valid[4] > plain.valid[best] + 0.02)
        #expect(plain.train[4] < plain.train[best])
        #expect(decayed.final < plain.final - 0.03)
    }
}

extension Array where Element == Double {
    fileprivate var variance: Double {
        let mean = reduce(0, +) / Double(count)
        return map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count)
    }
}

extension Double {
    fileprivate var exp: Double { Foundation.exp(self) }
}
