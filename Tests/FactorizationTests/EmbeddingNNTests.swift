import Core
import Testing

@testable import Factorization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Behaviour of ``EmbeddingNN``: a hand-computed forward pass, BatchNorm's running statistics,
/// dropout, the optimizer step (weight decay, sparse and dense embeddings), learning, and the
/// tensor round trip.
struct EmbeddingNNTests {
    typealias Fixture = EmbeddingNNFixture

    /// A 1 + 1 → 2 → 1 network with every parameter set by hand.
    static func tinyNetwork(yRange: ClosedRange<Double>? = nil) throws -> EmbeddingNN {
        let h = Fixture.settings(layers: [2], yRange: yRange)
        var shape = EmbeddingNN.Shape(userCount: 2, itemCount: 2, hyperparameters: h)
        shape.userWidth = 1
        shape.itemWidth = 1
        let tensors: [EmbeddingNN.Tensor] = [
            ("embeds.0.weight", [2, 1], [0.5, -1]),
            ("embeds.1.weight", [2, 1], [2, 1]),
            ("layers.0.0.weight", [2, 2], [1, 2, -1, 0.5]),
            ("layers.0.2.weight", [2], [1.5, 0.5]),
            ("layers.0.2.bias", [2], [0.1, -0.2]),
            ("layers.0.2.running_mean", [2], [0, 0]),
            ("layers.0.2.running_var", [2], [1, 1]),
            ("layers.1.0.weight", [1, 2], [2, -1]),
            ("layers.1.0.bias", [1], [0.3]),
        ]
        return try EmbeddingNN(shape: shape, hyperparameters: h, tensors: tensors)
    }

    /// The tiny network by hand in `Double`: predictions with the given BatchNorm statistics
    /// (nil: the batch's own), and the batch's mean and biased variance.
    static func tinyReference(
        rows: Fixture.Rows, statistics: (mean: [Double], variance: [Double])?, yRange: ClosedRange<Double>?
    ) -> (predictions: [Double], mean: [Double], variance: [Double]) {
        let user = [0.5, -1.0]
        let item = [2.0, 1.0]
        let w = [[1.0, 2.0], [-1.0, 0.5]]
        let gamma = [1.5, 0.5]
        let beta = [0.1, -0.2]
        let a = (0..<rows.count).map { r -> [Double] in
            let x = [user[Int(rows.users[r])], item[Int(rows.items[r])]]
            return w.map { max(0, $0[0] * x[0] + $0[1] * x[1]) }
        }
        let n = Double(rows.count)
        let mean = (0..<2).map { f in a.map { $0[f] }.reduce(0, +) / n }
        let variance = (0..<2).map { f in a.map { ($0[f] - mean[f]) * ($0[f] - mean[f]) }.reduce(0, +) / n }
        let (m, v) = statistics ?? (mean, variance)
        let predictions = a.map { row -> Double in
            var y: [Double] = []
            for f in 0..<2 {
                let normalized: Double = (row[f] - m[f]) / (v[f] + 1e-5).squareRoot()
                y.append(gamma[f] * normalized + beta[f])
            }
            let z: Double = 2 * y[0] - y[1] + 0.3
            guard let r = yRange else { return z }
            return r.lowerBound + (r.upperBound - r.lowerBound) / (1 + exp(-z))
        }
        return (predictions, mean, variance)
    }

    @Test(arguments: [nil, 0.5...5.5] as [ClosedRange<Double>?])
    func tinyNetworkMatchesHandComputation(yRange: ClosedRange<Double>?) throws {
        let net = try Self.tinyNetwork(yRange: yRange)
        let rows = Fixture.Rows(users: [0, 1, 1], items: [1, 0, 1], ratings: [3, 1, 4])
        // Training mode: the batch's statistics.
        let training = Self.tinyReference(rows: rows, statistics: nil, yRange: yRange)
        let expectedSSE = zip(training.predictions, rows.ratings).map { ($0 - Double($1)) * ($0 - Double($1)) }
            .reduce(0, +)
        let sse = rows.with { net.lossAndGradients($0, training: true) }
        #expect(abs(sse - expectedSSE) < 1e-4 * max(1, expectedSSE), "\(sse) vs \(expectedSSE)")
        // Running statistics: momentum 0.1 from (0, 1), with the unbiased variance.
        let n = Double(rows.count)
        let runningMean = training.mean.map { 0.1 * $0 }
        let runningVar = training.variance.map { 0.9 + 0.1 * $0 * n / (n - 1) }
        let norm = net.norms[0]
        for f in 0..<2 {
            #expect(abs(Double(norm.runningMean[0, f]) - runningMean[f]) < 1e-5)
            #expect(abs(Double(norm.runningVar[0, f]) - runningVar[f]) < 1e-5)
        }
        // Evaluation mode: the running statistics.
        let eval = Self.tinyReference(rows: rows, statistics: (runningMean, runningVar), yRange: yRange)
        var predictions = [Float](repeating: 0, count: rows.count)
        predictions.withUnsafeMutableBufferPointer { out in rows.with { net.predict($0, into: out.baseAddress!) } }
        for (p, e) in zip(predictions, eval.predictions) { #expect(abs(Double(p) - e) < 1e-4, "\(p) vs \(e)") }
    }

    @Test func dropoutKeepsAboutOneMinusPAndScalesTheKept() {
        var rng = SeededGenerator(seed: 9)
        let mask = FactorMatrix(rows: 1000, columns: 8)
        Dropout.fillMask(mask.base, count: 1000, p: 0.3, using: &rng)
        let values = mask.flattened()
        let kept = values.filter { $0 != 0 }
        #expect(kept.allSatisfy { $0 == 1 / Float(0.7) })
        #expect(abs(Double(kept.count) / 8000 - 0.7) < 0.02)
    }

    @Test func evaluationUsesNoDropoutAndLeavesTheStatisticsAlone() {
        let h = Fixture.settings(yRange: 0...5.5, embedP: 0.5, ps: 0.5)
        let shape = EmbeddingNN.Shape(userCount: 6, itemCount: 7, hyperparameters: h)
        let net = EmbeddingNN(shape: shape, hyperparameters: h, seed: 3)
        let rows = Fixture.Rows(shape: shape, count: 9, seed: 4)
        _ = rows.with { net.lossAndGradients($0, training: true) }
        let tensors = net.tensors.map(\.values)
        func predict() -> [Float] {
            var out = [Float](repeating: 0, count: rows.count)
            out.withUnsafeMutableBufferPointer { o in rows.with { net.predict($0, into: o.baseAddress!) } }
            return out
        }
        let first = predict()
        #expect(predict() == first)
        #expect(net.tensors.map(\.values) == tensors)
        // Training mode draws new masks: two passes differ.
        let a = rows.with { net.lossAndGradients($0, training: true) }
        let b = rows.with { net.lossAndGradients($0, training: true) }
        #expect(a != b)
    }

    @Test func weightDecaySkipsBatchNormAndBiases() {
        let h = Fixture.settings(optimizer: .sgd)
        let shape = EmbeddingNN.Shape(
            userCount: 5, itemCount: 6, categoricalCardinalities: [3], continuousCount: 2, hyperparameters: h)
        let net = EmbeddingNN(shape: shape, hyperparameters: h, seed: 7)
        let rows = Fixture.Rows(shape: shape, count: 8, seed: 8)
        _ = rows.with { net.lossAndGradients($0, training: true) }
        let views = Fixture.views(net)
        let before = views.map { v in v.elements.map { v.tensor.value[$0.row, $0.column] } }
        let gradients = views.map { v in v.elements.map { v.tensor.gradient[$0.row, $0.column] } }
        let scales = OptimizerState.StepScales(
            kind: .sgd, lr: 0.1, momentum: 0, beta1: 0.9, beta2: 0.999, rho: 0.99, epsilon: 1e-8, decay: 0.8)
        _ = rows.with { net.step($0, scales: scales, sparse: false) }
        for (k, v) in views.enumerated() {
            // Embeddings and Linear weights (`layers.l.0.weight`, `out.weight`) decay.
            let decays = v.name.hasPrefix("embeds") || v.name.hasSuffix(".0.weight") || v.name == "out.weight"
            #expect(v.tensor.decays == decays, "\(v.name)")
            for (e, element) in v.elements.enumerated() {
                let expected = before[k][e] * (decays ? 0.8 : 1) - 0.1 * gradients[k][e]
                let after = v.tensor.value[element.row, element.column]
                #expect(abs(after - expected) <= 1e-6 * max(1, abs(expected)), "\(v.name)[\(element)]")
            }
        }
    }

    /// Two Adam steps: the first touches users 0 and 1, the second only user 2.
    static func twoAdamSteps(sparse: Bool) -> (afterFirst: EmbeddingNN, values: [[Float]], moments: [[Float]]) {
        let h = Fixture.settings()
        let shape = EmbeddingNN.Shape(userCount: 4, itemCount: 3, hyperparameters: h)
        let net = EmbeddingNN(shape: shape, hyperparameters: h, seed: 11)
        let first = Fixture.Rows(users: [0, 1, 0], items: [0, 1, 2], ratings: [4, 2, 5])
        let second = Fixture.Rows(users: [2, 2], items: [0, 1], ratings: [1, 3])
        let state = OptimizerState(optimizer: .adam, userCount: 0, itemCount: 0, embDim: 1, bias: false)
        var h2 = h
        h2.wd = 0.1
        var snapshots: [[Float]] = []
        var moments: [[Float]] = []
        let users = net.embeddings[0].parameter
        for (t, rows) in [first, second].enumerated() {
            let scales = state.stepScales(h2, learningRate: 0.01, t: t + 1)
            _ = rows.with { net.step($0, scales: scales, sparse: sparse) }
            snapshots.append(users.value.flattened())
            moments.append(users.first!.flattened() + users.second!.flattened())
        }
        return (net, snapshots, moments)
    }

    @Test func sparseStepsLeaveUntouchedRowsAndMomentsAlone() {
        let (net, values, moments) = Self.twoAdamSteps(sparse: true)
        let width = net.shape.userWidth
        let rows = { (v: [Float], r: Int) in Array(v[r * width..<(r + 1) * width]) }
        // Users 0 and 1 (touched only by the first step) and 3 (never) keep values and moments.
        for r in [0, 1, 3] { #expect(rows(values[0], r) == rows(values[1], r)) }
        #expect(moments[0] != moments[1])
        let half = moments[0].count / 2
        for r in [0, 1, 3] {
            #expect(rows(Array(moments[0][..<half]), r) == rows(Array(moments[1][..<half]), r))
            #expect(rows(Array(moments[0][half...]), r) == rows(Array(moments[1][half...]), r))
        }
        #expect(rows(values[0], 2) != rows(values[1], 2))
    }

    @Test func denseStepsMoveEveryRow() {
        let (net, values, _) = Self.twoAdamSteps(sparse: true)
        let (_, denseValues, _) = Self.twoAdamSteps(sparse: false)
        let width = net.shape.userWidth
        let rows = { (v: [Float], r: Int) in Array(v[r * width..<(r + 1) * width]) }
        // User 0 moves in the second step through its first moment (and weight decay), and
        // user 3, never in a batch, through weight decay alone.
        for r in [0, 1, 3] { #expect(rows(denseValues[0], r) != rows(denseValues[1], r)) }
        // The first step is the same in both modes for rows the batch touched.
        #expect(rows(denseValues[0], 0) == rows(values[0], 0))
    }

    @Test func trainingLowersTheLossOnASyntheticSignal() {
        var h = Fixture.settings(layers: [16, 8], yRange: 0...5.5)
        h.priorStd = 0.1
        let shape = EmbeddingNN.Shape(userCount: 30, itemCount: 40, hyperparameters: h)
        let net = EmbeddingNN(shape: shape, hyperparameters: h, seed: 5)
        // rating = 3 + user effect + item effect + interaction, all from a seeded generator.
        var rng = SeededGenerator(seed: 6)
        let userEffect = (0..<30).map { _ in rng.nextNormal() }
        let itemEffect = (0..<40).map { _ in rng.nextNormal() }
        var all = Fixture.Rows(users: [], items: [], ratings: [])
        for _ in 0..<640 {
            let u = rng.nextIndex(below: 30)
            let i = rng.nextIndex(below: 40)
            let r = 3 + 0.6 * userEffect[u] + 0.6 * itemEffect[i] + 0.4 * userEffect[u] * itemEffect[i]
            all.users.append(Int32(u))
            all.items.append(Int32(i))
            all.ratings.append(Float(min(max(r, 0.5), 5)))
        }
        func mse() -> Double {
            var out = [Float](repeating: 0, count: all.count)
            out.withUnsafeMutableBufferPointer { o in all.with { net.predict($0, into: o.baseAddress!) } }
            return zip(out, all.ratings).map { Double(($0 - $1) * ($0 - $1)) }.reduce(0, +) / Double(all.count)
        }
        let before = mse()
        let state = OptimizerState(optimizer: .adam, userCount: 0, itemCount: 0, embDim: 1, bias: false)
        var t = 0
        for _ in 0..<15 {
            for start in stride(from: 0, to: all.count, by: 32) {
                t += 1
                var batch = Fixture.Rows(users: [], items: [], ratings: [])
                batch.users = Array(all.users[start..<start + 32])
                batch.items = Array(all.items[start..<start + 32])
                batch.ratings = Array(all.ratings[start..<start + 32])
                let scales = state.stepScales(h, learningRate: 0.01, t: t)
                _ = batch.with { net.step($0, scales: scales, sparse: false) }
            }
        }
        let after = mse()
        #expect(after < 0.5 * before, "MSE \(before) → \(after)")
    }

    @Test func tensorsRoundTripToIdenticalPredictions() throws {
        let h = Fixture.settings(yRange: 0...5.5, embedP: 0.1, ps: 0.1)
        let shape = EmbeddingNN.Shape(
            userCount: 5, itemCount: 6, categoricalCardinalities: [3, 2], continuousCount: 3, hyperparameters: h)
        let net = EmbeddingNN(shape: shape, hyperparameters: h, seed: 21)
        let rows = Fixture.Rows(shape: shape, count: 10, seed: 22)
        let state = OptimizerState(optimizer: .adam, userCount: 0, itemCount: 0, embDim: 1, bias: false)
        for t in 1...5 {
            _ = rows.with { net.step($0, scales: state.stepScales(h, learningRate: 0.01, t: t), sparse: false) }
        }
        let tensors = net.tensors
        #expect(tensors.map(\.name).contains("bn_cont.running_var"))
        #expect(tensors.first { $0.name == "layers.0.0.weight" }?.shape == [5, 3 + 4 + 3 + 2 + 3])
        let copy = try EmbeddingNN(shape: shape, hyperparameters: h, tensors: tensors)
        func predict(_ n: EmbeddingNN) -> [Float] {
            var out = [Float](repeating: 0, count: rows.count)
            out.withUnsafeMutableBufferPointer { o in rows.with { n.predict($0, into: o.baseAddress!) } }
            return out
        }
        #expect(predict(copy) == predict(net))
        #expect(copy.tensors.map(\.values) == tensors.map(\.values))
    }

    @Test func mismatchedTensorsAreRejected() {
        let h = Fixture.settings(layers: [4])
        let shape = EmbeddingNN.Shape(userCount: 3, itemCount: 3, hyperparameters: h)
        var tensors = EmbeddingNN(shape: shape, hyperparameters: h, seed: 1).tensors
        tensors[2].shape = [4, 6]
        #expect(throws: EmbeddingNN.TensorMismatch.self) {
            try EmbeddingNN(shape: shape, hyperparameters: h, tensors: tensors)
        }
        #expect(throws: EmbeddingNN.TensorMismatch.self) {
            try EmbeddingNN(shape: shape, hyperparameters: h, tensors: Array(tensors.dropLast()))
        }
    }

    @Test func sameSeedGivesBitIdenticalTraining() {
        func run() -> [[Float]] {
            let h = Fixture.settings(yRange: 0...5.5, embedP: 0.2, ps: 0.2)
            let shape = EmbeddingNN.Shape(userCount: 8, itemCount: 9, hyperparameters: h)
            let net = EmbeddingNN(shape: shape, hyperparameters: h, seed: 31)
            let state = OptimizerState(optimizer: .adam, userCount: 0, itemCount: 0, embDim: 1, bias: false)
            for t in 1...4 {
                let rows = Fixture.Rows(shape: shape, count: 8, seed: UInt64(t))
                _ = rows.with {
                    net.step($0, scales: state.stepScales(h, learningRate: 0.01, t: t), sparse: t.isMultiple(of: 2))
                }
            }
            return net.tensors.map(\.values)
        }
        #expect(run() == run())
    }
}
