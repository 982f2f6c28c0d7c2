import Core
import Ratings
import Testing

@testable import Factorization

/// `optimizer: als`: each half-step solves its rows exactly, so the objective's gradient with
/// respect to those rows vanishes after it, and the objective never goes up.
struct ALSTests {
    /// A random problem with 5 test folds, of which the trainer trains fold 1.
    static func trainer(_ h: Hyperparameters, n: Int = 40, m: Int = 30, count: Int = 500, seed: UInt64 = 4)
        -> FoldTrainer
    {
        var rng = SeededGenerator(seed: seed)
        var pairs = Set<Int>()
        var users: [Int32] = []
        var items: [Int32] = []
        var ratings: [Float] = []
        while ratings.count < count {
            let u = rng.nextIndex(below: n)
            let i = rng.nextIndex(below: m)
            guard pairs.insert(u * m + i).inserted else { continue }
            users.append(Int32(u))
            items.append(Int32(i))
            ratings.append(Float(1 + 4 * rng.nextUnit()))
        }
        let folds = (0..<count).map { _ in UInt32(rng.nextIndex(below: 5)) }
        let observed = ObservedRatings(
            users: users, items: items, ratings: ratings, userCount: n, itemCount: m, testFolds: folds, foldCount: 5)
        return FoldTrainer(fold: observed.fold(1), hyperparameters: h, seed: 7)
    }

    static func settings(embDim: Int, bias: Bool, gram: Double, weighted: Bool = false) -> Hyperparameters {
        var h = Hyperparameters()
        h.optimizer = .als
        h.embDim = embDim
        h.bias = bias
        h.ell2 = 0.3
        h.gram = gram
        h.weightedLambda = weighted
        h.priorStd = 0.5
        return h
    }

    /// The gradient norm of the rows of `matrix` (d columns) and of `biases`.
    static func norm(_ matrix: FactorMatrix, _ biases: FloatBuffer?, d: Int) -> Double {
        var total = 0.0
        for r in 0..<matrix.rows {
            for k in 0..<d { total += Double(matrix[r, k] * matrix[r, k]) }
        }
        for b in biases?.array ?? [] { total += Double(b * b) }
        return total.squareRoot()
    }

    /// Solves the user rows with V fixed (after V's Gramian), or the item rows with U fixed.
    static func halfStep(_ t: FoldTrainer, _ side: FactorSide) {
        let split = t.userGramianTaskCount
        let gramTasks = side == .users ? split..<t.gramianTaskCount : 0..<split
        for task in gramTasks { t.gramianTask(task) }
        t.sumGramians(users: side == .items, items: side == .users)
        if side == .users {
            for block in 0..<t.userTaskCount { t.alsUserTask(block) }
        } else {
            for block in 0..<t.itemTaskCount { t.alsItemTask(block) }
        }
    }

    /// Without the Gramian, rows with fewer ratings than unknowns are solved in the dual (d 24 and
    /// 16: most rows here have about 10 training ratings); the others in the primal.
    @Test(arguments: [(6, true, 0.5), (12, true, 0.0), (9, false, 1.0), (16, false, 0.0), (24, true, 0.0)])
    func aHalfStepZeroesItsSidesGradient(embDim: Int, bias: Bool, gram: Double) {
        let t = Self.trainer(Self.settings(embDim: embDim, bias: bias, gram: gram))
        _ = t.computeGradients()
        let before = (
            u: Self.norm(t.gradU, t.gradUserBias, d: embDim), v: Self.norm(t.gradV, t.gradItemBias, d: embDim)
        )
        Self.halfStep(t, .users)
        _ = t.computeGradients()
        let afterUsers = Self.norm(t.gradU, t.gradUserBias, d: embDim)
        #expect(afterUsers < 1e-4 * before.u, "users: \(afterUsers) from \(before.u)")
        Self.halfStep(t, .items)
        _ = t.computeGradients()
        let afterItems = Self.norm(t.gradV, t.gradItemBias, d: embDim)
        #expect(afterItems < 1e-4 * before.v, "items: \(afterItems) from \(before.v)")
    }

    /// d 8 with the Gramian (every row in the primal), d 20 without it (most rows in the dual).
    @Test(arguments: [(8, 0.5), (20, 0.0)])
    func weightedLambdaZeroesTheWeightedObjectivesGradient(d: Int, gram: Double) {
        let t = Self.trainer(Self.settings(embDim: d, bias: true, gram: gram, weighted: true))
        let n = Double(t.fold.userCount)
        let trained = Double(t.fold.trainCount)
        // n_u: the user's training ratings in this fold.
        let counts = (0..<t.fold.userCount).map { u in
            let test = t.foldIndex.userTest(u)
            return Double(t.ratings.userStart[u + 1] - t.ratings.userStart[u] - (test.hi - test.lo))
        }
        /// The gradient of the weighted objective: the uniform one with 2·ell_2·(n_u/|Ω| − 1/N)·U_u added.
        func weightedNorm() -> Double {
            _ = t.computeGradients()
            var total = 0.0
            for u in 0..<t.fold.userCount {
                let shift = 2 * 0.3 * (counts[u] / trained - 1 / n)
                for k in 0..<d {
                    let g = Double(t.gradU[u, k]) + shift * Double(t.model.users[u, k])
                    total += g * g
                }
                let b = Double(t.gradUserBias!.array[u]) + shift * Double(t.model.userBias![u])
                total += b * b
            }
            return total.squareRoot()
        }
        let before = weightedNorm()
        Self.halfStep(t, .users)
        let after = weightedNorm()
        #expect(after < 1e-4 * before, "\(after) from \(before)")
    }

    @Test func theObjectiveNeverGoesUp() {
        var h = Self.settings(embDim: 5, bias: true, gram: 0.2)
        h.steps = 12
        let t = Self.trainer(h)
        var totals: [Double] = []
        let result = LockstepTrainer(hyperparameters: h, folds: [t.fold], seed: 7, threads: 2).run(logEvery: 1) {
            totals.append($0.folds[0].losses.total)
        }
        #expect(totals.count == 12)
        for (a, b) in zip(totals, totals.dropFirst()) { #expect(b <= a * (1 + 1e-6), "\(a) then \(b)") }
        #expect(result.folds[0].trainOMSE! < 0.5 * (totals.first! + 1))
    }

    @Test func resultsAreTheSameOnAnyNumberOfThreads() {
        var h = Self.settings(embDim: 10, bias: true, gram: 0.2)
        h.steps = 5
        let fold = Self.trainer(h, n: 300, m: 200, count: 6000).fold
        let one = LockstepTrainer(hyperparameters: h, folds: [fold], seed: 7, threads: 1).run()
        let two = LockstepTrainer(hyperparameters: h, folds: [fold], seed: 7, threads: 2).run()
        #expect(one.folds[0].testOMSE == two.folds[0].testOMSE)
        for u in 0..<fold.userCount {
            #expect((0..<10).allSatisfy { one.models[0].users[u, $0] == two.models[0].users[u, $0] })
        }
    }

    @Test(arguments: [
        (["batch_size": ParameterValue.int(64)], "batch_size", "optimizer als solves full-batch"),
        (["y_range": .list([.int(0), .double(5.5)])], "y_range", "optimizer als needs a linear score"),
        (["wd": .double(0.1)], "wd", "optimizer als regularises with ell_2"),
    ])
    func refusesWhatALSCannotDo(extra: [String: ParameterValue], name: String, message: String) {
        var values = extra
        values["optimizer"] = .string("als")
        #expect(throws: HyperparameterError.self) { try Hyperparameters(values) }
        do {
            _ = try Hyperparameters(values)
        } catch {
            #expect(error.name == name)
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
        #expect(
            throws: HyperparameterError(
                name: "weighted_lambda", message: "weighted_lambda applies to optimizer als only")
        ) {
            try Hyperparameters(["weighted_lambda": .bool(true)])
        }
    }
}
