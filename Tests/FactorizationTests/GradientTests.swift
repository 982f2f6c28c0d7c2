import Core
import Ratings
import Testing

@testable import Factorization

/// Checks every term's gradient against central finite differences of an independent,
/// naive `Double` implementation of the book's objective.
struct GradientTests {
    /// A small random problem: N users, M items, a sprinkle of ratings.
    struct Problem {
        var users: [Int32] = []
        var items: [Int32] = []
        var ratings: [Float] = []
        let n: Int
        let m: Int

        init(n: Int, m: Int, count: Int, seed: UInt64) {
            self.n = n
            self.m = m
            var rng = SeededGenerator(seed: seed)
            for _ in 0..<count {
                users.append(Int32(rng.nextIndex(below: n)))
                items.append(Int32(rng.nextIndex(below: m)))
                ratings.append(Float(1 + 4 * rng.nextUnit()))
            }
        }

        var observed: ObservedRatings {
            ObservedRatings(users: users, items: items, ratings: ratings, userCount: n, itemCount: m)
        }
    }

    /// The parameters as Doubles: U, V, user biases, item biases.
    struct Parameters {
        var u: [[Double]]
        var v: [[Double]]
        var bu: [Double]
        var bi: [Double]
    }

    static func parameters(of model: MFModel) -> Parameters {
        let d = model.embDim
        return Parameters(
            u: (0..<model.users.rows).map { r in (0..<d).map { Double(model.users[r, $0]) } },
            v: (0..<model.items.rows).map { r in (0..<d).map { Double(model.items[r, $0]) } },
            bu: model.userBias.map { b in (0..<b.count).map { Double(b[$0]) } } ?? [],
            bi: model.itemBias.map { b in (0..<b.count).map { Double(b[$0]) } } ?? [])
    }

    /// The book's objective, written out naively (forms every prediction by a plain loop).
    static func referenceLoss(
        _ p: Parameters, _ problem: Problem, _ h: Hyperparameters, offset: Double
    ) -> (omse: Double, l2: Double, gram: Double, total: Double) {
        let n = Double(problem.n)
        let m = Double(problem.m)
        let d = h.embDim
        var sq = 0.0
        for k in problem.ratings.indices {
            let u = Int(problem.users[k])
            let i = Int(problem.items[k])
            var s = offset
            for a in 0..<d { s += p.u[u][a] * p.v[i][a] }
            if h.bias { s += p.bu[u] + p.bi[i] }
            var pred = s
            if let r = h.yRange {
                pred = r.lowerBound + (r.upperBound - r.lowerBound) / (1 + exponential(-s))
            }
            let e = Double(problem.ratings[k]) - pred
            sq += e * e
        }
        let omse = sq / Double(problem.ratings.count)
        var l2 = p.u.joined().reduce(0) { $0 + $1 * $1 } / n + p.v.joined().reduce(0) { $0 + $1 * $1 } / m
        if h.bias {
            l2 += p.bu.reduce(0) { $0 + $1 * $1 } / n + p.bi.reduce(0) { $0 + $1 * $1 } / m
        }
        var gram = 0.0
        for a in 0..<d {
            for b in 0..<d {
                var gu = 0.0
                var gv = 0.0
                for r in 0..<problem.n { gu += p.u[r][a] * p.u[r][b] }
                for r in 0..<problem.m { gv += p.v[r][a] * p.v[r][b] }
                gram += gu * gv
            }
        }
        gram /= n * m
        return (omse, l2, gram, omse + h.ell2 * l2 + h.gram * gram)
    }

    /// e^x by its series after halving (enough for a reference in tests, no libm needed).
    static func exponential(_ x: Double) -> Double {
        var k = 0
        var y = x
        while abs(y) > 0.5 { y /= 2; k += 1 }
        var term = 1.0
        var sum = 1.0
        for j in 1..<30 { term *= y / Double(j); sum += term }
        for _ in 0..<k { sum *= sum }
        return sum
    }

    static func check(
        _ h: Hyperparameters, n: Int = 7, m: Int = 5, ratings: Int = 23, seed: UInt64
    ) {
        let problem = Problem(n: n, m: m, count: ratings, seed: seed)
        let trainer = FoldTrainer(fold: problem.observed.fold(0), hyperparameters: h, seed: seed)
        // Give the biases non-zero values so their terms matter.
        var rng = SeededGenerator(seed: seed ^ 0xB1A5)
        if let ub = trainer.model.userBiasBuffer, let ib = trainer.model.itemBiasBuffer {
            for k in 0..<ub.count { ub[k] = Float(0.3 * rng.nextNormal()) }
            for k in 0..<ib.count { ib[k] = Float(0.3 * rng.nextNormal()) }
        }
        let losses = trainer.computeGradients()
        let p0 = parameters(of: trainer.model)
        let offset = Double(trainer.model.offset)
        let ref = referenceLoss(p0, problem, h, offset: offset)
        #expect(abs(losses.omse - ref.omse) <= 1e-5 * max(1, ref.omse), "omse, seed \(seed)")
        #expect(abs(losses.l2 - ref.l2) <= 1e-5 * max(1, ref.l2), "l2, seed \(seed)")
        #expect(abs(losses.gramian! - ref.gram) <= 1e-5 * max(1, ref.gram), "gram, seed \(seed)")
        #expect(abs(losses.total - ref.total) <= 1e-5 * max(1, ref.total), "total, seed \(seed)")

        let eps = 1e-5
        func fd(_ perturb: (inout Parameters, Double) -> Void) -> Double {
            var plus = p0
            perturb(&plus, eps)
            var minus = p0
            perturb(&minus, -eps)
            return
                (referenceLoss(plus, problem, h, offset: offset).total
                - referenceLoss(minus, problem, h, offset: offset).total) / (2 * eps)
        }
        func expectClose(_ analytic: Float, _ numeric: Double, _ what: String) {
            let tol = 2e-4 * max(1, abs(numeric))
            #expect(
                abs(Double(analytic) - numeric) <= tol, "\(what): analytic \(analytic) vs FD \(numeric), seed \(seed)")
        }
        for r in 0..<n {
            for a in 0..<h.embDim {
                expectClose(trainer.gradU[r, a], fd { $0.u[r][a] += $1 }, "dU[\(r),\(a)]")
            }
        }
        for r in 0..<m {
            for a in 0..<h.embDim {
                expectClose(trainer.gradV[r, a], fd { $0.v[r][a] += $1 }, "dV[\(r),\(a)]")
            }
        }
        if h.bias {
            for r in 0..<n { expectClose(trainer.gradUserBias![r], fd { $0.bu[r] += $1 }, "db_u[\(r)]") }
            for r in 0..<m { expectClose(trainer.gradItemBias![r], fd { $0.bi[r] += $1 }, "db_i[\(r)]") }
        }
    }

    static func settings(
        embDim: Int, ell2: Double, gram: Double, bias: Bool = false,
        yRange: ClosedRange<Double>? = nil
    ) -> Hyperparameters {
        var h = Hyperparameters()
        h.embDim = embDim
        h.priorStd = 0.7
        h.ell2 = ell2
        h.gram = gram
        h.bias = bias
        h.yRange = yRange
        return h
    }

    @Test(arguments: [1, 2, 3])
    func omseGradientMatchesFiniteDifferences(seed: Int) {
        Self.check(Self.settings(embDim: 3, ell2: 0, gram: 0), seed: UInt64(seed))
    }

    @Test(arguments: [1, 2, 3])
    func l2GradientMatchesFiniteDifferences(seed: Int) {
        Self.check(Self.settings(embDim: 4, ell2: 0.8, gram: 0), seed: UInt64(seed))
    }

    @Test(arguments: [1, 2, 3])
    func gramianGradientMatchesFiniteDifferences(seed: Int) {
        Self.check(Self.settings(embDim: 5, ell2: 0, gram: 2.5), seed: UInt64(seed))
    }

    @Test(arguments: [1, 2])
    func wideEmbeddingsCrossVectorBoundaries(seed: Int) {
        // 19 columns: three SIMD8 vectors, the last one partly padding; 30 ratings per user
        // exercise the batched (8 at a time) paths as well as the tails.
        Self.check(
            Self.settings(embDim: 19, ell2: 0.3, gram: 0.7), n: 6, m: 9, ratings: 200,
            seed: UInt64(seed))
    }

    @Test(arguments: [1, 2, 3])
    func biasGradientsMatchFiniteDifferences(seed: Int) {
        Self.check(Self.settings(embDim: 3, ell2: 0.5, gram: 0.4, bias: true), seed: UInt64(seed))
    }

    @Test(arguments: [1, 2])
    func outputRangeGradientsMatchFiniteDifferences(seed: Int) {
        Self.check(
            Self.settings(embDim: 4, ell2: 0.2, gram: 0.3, bias: true, yRange: 0.5...5.5),
            n: 5, m: 6, ratings: 60, seed: UInt64(seed))
    }
}
