import Core
import Ratings
import Testing

@testable import Factorization

/// Recommendations, neighbours, bias rankings and principal directions against brute force.
struct InferenceTests {
    /// A model with seeded factors (and biases when `bias`), N users × M items × d.
    static func model(users n: Int = 30, items m: Int = 50, dim d: Int = 5, bias: Bool = true, seed: UInt64 = 7)
        -> MFModel
    {
        var h = Hyperparameters()
        h.embDim = d
        h.priorStd = 0.8
        h.bias = bias
        let model = MFModel(userCount: n, itemCount: m, hyperparameters: h, mean: 3.5, seed: seed)
        if let ub = model.userBiasBuffer, let ib = model.itemBiasBuffer {
            var rng = SeededGenerator(seed: seed, stream: "test.bias")
            for u in 0..<n { ub[u] = Float(rng.nextNormal() * 0.3) }
            for i in 0..<m { ib[i] = Float(rng.nextNormal() * 0.3) }
        }
        return model
    }

    /// Each user rated a seeded ~30% of the items.
    static func seen(users n: Int = 30, items m: Int = 50, seed: UInt64 = 9) -> SeenItems {
        var rng = SeededGenerator(seed: seed, stream: "test.seen")
        var us: [Int32] = [], its: [Int32] = []
        for u in 0..<n {
            for i in 0..<m where rng.nextUnit() < 0.3 {
                us.append(Int32(u))
                its.append(Int32(i))
            }
        }
        return SeenItems(users: us, items: its, userCount: n)
    }

    /// Brute force: sort every (score, index) pair.
    static func bruteTop(_ values: [(Int, Float)], k: Int) -> [Int] {
        values.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(k).map(\.0)
    }

    @Test(arguments: [true, false])
    func recommendExcludesSeenItemsAndMatchesBruteForce(bias: Bool) {
        let model = Self.model(bias: bias)
        let seen = Self.seen()
        for u in 0..<30 {
            let rated = Set(seen.items(of: u).map(Int.init))
            let got = model.recommend(user: u, k: 10, seen: seen)
            #expect(got.allSatisfy { !rated.contains($0.item) }, "user \(u)")
            let expected = Self.bruteTop(
                (0..<50).filter { !rated.contains($0) }.map { ($0, model.predict(user: u, item: $0)) }, k: 10)
            #expect(got.map(\.item) == expected, "user \(u)")
            for item in got {
                #expect(abs(item.score - model.predict(user: u, item: item.item)) < 1e-4)
            }
        }
    }

    @Test func recommendReturnsFewerWhenTheUserRatedAlmostEverything() {
        let model = Self.model(users: 2, items: 5)
        let seen = SeenItems(users: [0, 0, 0, 0, 1], items: [0, 1, 2, 4, 3], userCount: 2)
        #expect(model.recommend(user: 0, k: 10, seen: seen).map(\.item) == [3])
        #expect(model.recommend(user: 1, k: 10, seen: seen).count == 4)
    }

    @Test func seenItemsAreSortedAndDeduplicated() {
        let seen = SeenItems(users: [1, 0, 1, 1, 0], items: [4, 2, 1, 4, 0], userCount: 3)
        #expect(seen.offsets == [0, 2, 4, 4])
        #expect(seen.items == [0, 2, 1, 4])
        #expect(SeenItems(offsets: [0, 2, 4, 4], items: [0, 2, 1, 4], itemCount: 5) == seen)
        #expect(SeenItems(offsets: [0, 2, 4, 4], items: [2, 0, 1, 4], itemCount: 5) == nil)
        #expect(SeenItems(offsets: [0, 2, 4, 4], items: [0, 2, 1, 5], itemCount: 5) == nil)
        #expect(SeenItems(offsets: [0, 3, 2, 4], items: [0, 2, 1, 4], itemCount: 5) == nil)
        // An offset past the end of `items` whose slice is ascending up to the end.
        #expect(SeenItems(offsets: [0, 6, 4], items: [0, 1, 2, 3], itemCount: 5) == nil)
        #expect(SeenItems(offsets: [0, 2, 4], items: [0, 1, 2, 3, 4], itemCount: 5) == nil)
        #expect(SeenItems(offsets: [], items: [], itemCount: 5) == nil)
    }

    @Test func similarItemsMatchBruteForceCosine() {
        let model = Self.model(items: 60, dim: 7)
        for i in [0, 17, 59] {
            let a = model.items.rowValues(i)
            let values: [(Int, Float)] = (0..<60).filter { $0 != i }.map { j in
                let b = model.items.rowValues(j)
                let dot = zip(a, b).map { Double($0) * Double($1) }.reduce(0, +)
                let na = a.map { Double($0 * $0) }.reduce(0, +).squareRoot()
                let nb = b.map { Double($0 * $0) }.reduce(0, +).squareRoot()
                return (j, Float(dot / (na * nb)))
            }
            let got = model.similarItems(to: i, k: 8)
            #expect(!got.contains { $0.item == i })
            #expect(got.map(\.item) == Self.bruteTop(values, k: 8), "item \(i)")
            let byItem = Dictionary(uniqueKeysWithValues: values)
            for g in got { #expect(abs(g.score - byItem[g.item]!) < 1e-5) }
            let eligible = (0..<60).map { $0 % 3 != 0 }
            let filtered = model.similarItems(to: i, k: 8, eligible: eligible)
            #expect(
                filtered.map(\.item) == Self.bruteTop(values.filter { $0.0 % 3 != 0 }, k: 8), "item \(i), eligible only"
            )
        }
    }

    @Test func coldStartPopularIsTheHighestItemBias() {
        let model = Self.model()
        let ib = model.itemBias!
        let expected = Self.bruteTop(ib.enumerated().map { ($0.offset, $0.element) }, k: 5)
        #expect(model.popular(k: 5).map(\.item) == expected)
        #expect(model.popular(k: 5).map(\.score) == expected.map { ib[$0] })
        #expect(model.itemsByBias(k: 5, highest: true).map(\.item) == expected)
        let lowest = Self.bruteTop(ib.enumerated().map { ($0.offset, -$0.element) }, k: 3)
        #expect(model.itemsByBias(k: 3, highest: false).map(\.item) == lowest)
        #expect(model.itemsByBias(k: 3, highest: false, among: [4, 9, 1]).map(\.item).sorted() == [1, 4, 9])
    }

    @Test func coldStartWithoutBiasesScoresTheAverageUser() {
        let model = Self.model(bias: false)
        #expect(model.itemsByBias(k: 3, highest: true).isEmpty)
        var mean = [Double](repeating: 0, count: 5)
        for u in 0..<30 { for c in 0..<5 { mean[c] += Double(model.users[u, c]) / 30 } }
        let values = (0..<50).map { i in (i, Float((0..<5).map { mean[$0] * Double(model.items[i, $0]) }.reduce(0, +)))
        }
        #expect(model.popular(k: 6).map(\.item) == Self.bruteTop(values, k: 6))
    }

    @Test func principalDirectionsOfAHandComputedExample() {
        // Points (±1, ±1)·(3, 1) spread: x = (a + b, a − b)/√2 style. Use four 2-D points whose
        // covariance is [[2.5, 1.5], [1.5, 2.5]]: eigenvalues 4 (along (1,1)/√2) and 1 (along (1,−1)/√2).
        let points: [(Float, Float)] = [(2, 2), (-2, -2), (1, -1), (-1, 1)]
        // Covariance: Σxx = (4+4+1+1)/4 = 2.5, Σxy = (4+4−1−1)/4 = 1.5.
        let m = Factors(rows: 4, columns: 2, rowMajor: points.flatMap { [$0.0, $0.1] })
        let directions = PrincipalDirection.compute(of: m, rows: [0, 1, 2, 3], count: 2)
        #expect(directions.count == 2)
        let s = 1 / 2.0.squareRoot()
        #expect(abs(directions[0].variance - 4) < 1e-9)
        #expect(abs(directions[1].variance - 1) < 1e-9)
        #expect(abs(directions[0].vector[0] - s) < 1e-9 && abs(directions[0].vector[1] - s) < 1e-9)
        // Sign rule: the largest-magnitude component is positive (a tie goes to the first).
        #expect(abs(directions[1].vector[0] - s) < 1e-9 && abs(directions[1].vector[1] + s) < 1e-9)
        #expect(abs(directions[0].varianceShare - 0.8) < 1e-9)
        let expected0 = [2 * 2.0.squareRoot(), -2 * 2.0.squareRoot(), 0, 0]
        for (got, want) in zip(directions[0].projections, expected0) { #expect(abs(got - want) < 1e-9) }
        let expected1 = [0, 0, 2.0.squareRoot(), -2.0.squareRoot()]
        for (got, want) in zip(directions[1].projections, expected1) { #expect(abs(got - want) < 1e-9) }
    }

    @Test func principalDirectionsAreEigenvectorsOfTheCovariance() {
        let model = Self.model(items: 80, dim: 9)
        let rows = Array(0..<80)
        let directions = PrincipalDirection.compute(of: model.items, rows: rows, count: 3)
        let x = rows.map { model.items.rowValues($0).map(Double.init) }
        let mean = (0..<9).map { c in x.map { $0[c] }.reduce(0, +) / 80 }
        func covTimes(_ v: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: 9)
            for row in x {
                let p = (0..<9).map { row[$0] - mean[$0] }
                let dot = zip(p, v).map(*).reduce(0, +)
                for c in 0..<9 { out[c] += p[c] * dot / 80 }
            }
            return out
        }
        for dir in directions {
            let cv = covTimes(dir.vector)
            for c in 0..<9 { #expect(abs(cv[c] - dir.variance * dir.vector[c]) < 1e-6) }
            #expect(abs(dir.vector.map { $0 * $0 }.reduce(0, +) - 1) < 1e-9)
        }
        #expect(directions[0].variance >= directions[1].variance && directions[1].variance >= directions[2].variance)
        #expect(abs(zip(directions[0].vector, directions[1].vector).map(*).reduce(0, +)) < 1e-9)
    }
}
