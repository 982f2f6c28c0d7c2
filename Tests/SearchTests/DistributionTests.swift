import Core
import Foundation
import Testing

@testable import Search

@Suite struct DistributionTests {
    private func draws(_ d: Distribution, _ n: Int, seed: UInt64 = 1) -> [ParameterValue] {
        var rng = SeededGenerator(seed: seed, stream: "test")
        return (0..<n).map { _ in d.sample(using: &rng) }
    }

    private func numbers(_ values: [ParameterValue]) -> [Double] { values.compactMap(\.number) }

    @Test(arguments: [UInt64(0), 1, 2, 3])
    func intUniformGivesIntsCoveringBothBounds(seed: UInt64) {
        let values = draws(.intUniform(min: 3, max: 7), 2000, seed: seed)
        var seen = Set<Int>()
        for v in values {
            guard case .int(let i) = v else {
                Issue.record("seed \(seed): \(v) is not an int")
                return
            }
            seen.insert(i)
        }
        #expect(seen == Set(3...7), "seed \(seed)")
    }

    @Test(arguments: [UInt64(0), 1, 2])
    func continuousDrawsStayInBounds(seed: UInt64) {
        let cases: [(Distribution, ClosedRange<Double>)] = [
            (.uniform(min: 0.6, max: 2.25), 0.6...2.25),
            (.logUniformValues(min: 1e-4, max: 1e-1), 1e-4...1e-1),
            (.invLogUniformValues(min: 0.01, max: 1), 0.01...1),
        ]
        for (d, range) in cases {
            let values = draws(d, 1000, seed: seed)
            #expect(values.allSatisfy { if case .double = $0 { true } else { false } }, "seed \(seed) \(d.name)")
            #expect(numbers(values).allSatisfy(range.contains), "seed \(seed) \(d.name)")
        }
    }

    @Test func logUniformIsUniformInTheLogarithm() {
        let logs = numbers(draws(.logUniformValues(min: 1e-4, max: 1), 20000)).map { Foundation.log10($0) }
        let below = logs.filter { $0 < -2 }.count
        #expect(abs(Double(below) / Double(logs.count) - 0.5) < 0.02, "\(below)")
    }

    @Test func quantisedFormsRoundToMultiplesOfQ() {
        for v in draws(.qUniform(min: 0, max: 100, q: 5, integral: true), 500) {
            guard case .int(let i) = v else {
                Issue.record("\(v) is not an int")
                return
            }
            #expect(i % 5 == 0 && i >= 0 && i <= 100)
        }
        for v in numbers(draws(.qUniform(min: 0, max: 1, q: 0.25, integral: false), 500)) {
            #expect((v / 0.25).rounded() * 0.25 == v && v >= 0 && v <= 1)
        }
        for v in draws(.qLogUniformValues(min: 8, max: 512, q: 8, integral: true), 500) {
            guard case .int(let i) = v else {
                Issue.record("\(v) is not an int")
                return
            }
            #expect(i % 8 == 0 && i >= 8 && i <= 512)
        }
        #expect(
            draws(.qNormal(mu: 10, sigma: 3, q: 2, integral: true), 200).allSatisfy {
                if case .int(let i) = $0 { i % 2 == 0 } else { false }
            })
        #expect(Distribution.quantise(-0.2, q: 1, integral: false) == .double(0))
        #expect(Distribution.quantise(2.5, q: 1, integral: true) == .int(2))  // ties to even, as numpy
    }

    @Test func normalFormsHaveTheirMeanAndSpread() {
        let xs = numbers(draws(.normal(mu: 2, sigma: 0.5), 20000))
        let mean = xs.reduce(0, +) / Double(xs.count)
        let sd = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)).squareRoot()
        #expect(abs(mean - 2) < 0.02 && abs(sd - 0.5) < 0.02, "mean \(mean) sd \(sd)")
        let logs = numbers(draws(.logNormal(mu: -1, sigma: 0.5), 20000))
        #expect(logs.allSatisfy { $0 > 0 })
        let logMean = logs.map { Foundation.log($0) }.reduce(0, +) / Double(logs.count)
        #expect(abs(logMean + 1) < 0.02, "\(logMean)")
    }

    @Test func categoricalFollowsItsProbabilities() {
        let probabilities = [0.2, 0.3, 0.5]
        let d = Distribution.categorical(
            values: [.string("a"), .string("b"), .string("c")], probabilities: probabilities)
        let n = 30000
        let values = draws(d, n, seed: 7)
        let observed = ["a", "b", "c"].map { s in values.filter { $0 == .string(s) }.count }
        var chiSquare = 0.0
        for (o, p) in zip(observed, probabilities) {
            let expected = Double(n) * p
            let diff = Double(o) - expected
            chiSquare += diff * diff / expected
        }
        #expect(chiSquare < 13.8, "χ² = \(chiSquare) with 2 degrees of freedom, observed \(observed)")  // p = 0.001
        let uniform = draws(.categorical(values: [.int(1), .int(2)], probabilities: nil), 10000)
        let ones = uniform.filter { $0 == .int(1) }.count
        #expect(abs(ones - 5000) < 200, "\(ones)")
        let never = draws(.categorical(values: [.int(1), .int(2)], probabilities: [0, 1]), 1000)
        #expect(never.allSatisfy { $0 == .int(2) })
    }

    @Test func constantsDrawNothing() {
        var a = SeededGenerator(seed: 3)
        var b = SeededGenerator(seed: 3)
        _ = Distribution.constant(.int(5)).sample(using: &a)
        #expect(a.next() == b.next())
    }

    @Test func gridValuesFollowWandB() {
        #expect(Distribution.intUniform(min: 1, max: 4).gridValues == [.int(1), .int(2), .int(3), .int(4)])
        #expect(
            Distribution.qUniform(min: 0, max: 1, q: 0.25, integral: false).gridValues
                == [.double(0), .double(0.25), .double(0.5), .double(0.75)])
        #expect(
            Distribution.qUniform(min: 10, max: 50, q: 10, integral: true).gridValues == [
                .int(10), .int(20), .int(30), .int(40),
            ])
        #expect(Distribution.qUniform(min: 0, max: 1.1, q: 0.5, integral: false).gridValues?.count == 3)
        #expect(
            Distribution.qLogUniformValues(min: 1, max: 4, q: 1, integral: true).gridValues == [
                .int(1), .int(2), .int(3),
            ])
        #expect(Distribution.constant(.string("x")).gridValues == [.string("x")])
        #expect(
            Distribution.categorical(values: [.int(1), .bool(true)], probabilities: nil).gridValues == [
                .int(1), .bool(true),
            ])
        #expect(Distribution.uniform(min: 0, max: 1).gridValues == nil)
        #expect(Distribution.normal(mu: 0, sigma: 1).gridValues == nil)
        #expect(Distribution.intUniform(min: 0, max: Int.max).gridValues == nil)
    }

    @Test func portableMathMatchesLibm() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<5000 {
            let x = (rng.nextUnit() - 0.5) * 1400
            let e = PortableMath.exp(x)
            #expect(abs(e - Foundation.exp(x)) <= 4 * Foundation.exp(x).ulp, "exp(\(x))")
            let y = Foundation.exp((rng.nextUnit() - 0.5) * 1400)
            #expect(
                abs(PortableMath.log(y) - Foundation.log(y)) <= 4 * Swift.max(Foundation.log(y).ulp, 1e-300),
                "log(\(y))")
        }
        #expect(PortableMath.exp(0) == 1 && PortableMath.log(1) == 0)
    }
}
