import Core
import Foundation
import Ratings
import Testing

@Suite struct SyntheticRatingsTests {
    @Test func sameSpecGivesIdenticalTable() {
        let spec = SyntheticSpec(users: 120, items: 80, seed: 7)
        let a = SyntheticRatings.generate(spec)
        #expect(a == SyntheticRatings.generate(spec))
        #expect(Fingerprint.of(a) == Fingerprint.of(SyntheticRatings.generate(spec)))
        var other = spec
        other.seed = 8
        #expect(a != SyntheticRatings.generate(other))
    }

    @Test(arguments: [UInt64(0), 1, 2])
    func coversEveryUserAndItemWithIncreasingTimestamps(seed: UInt64) {
        let spec = SyntheticSpec(users: 200, items: 150, density: 0.01, seed: seed)
        let t = SyntheticRatings.generate(spec)
        #expect(Set(t.users).count == 200, "seed \(seed)")
        #expect(Set(t.items).count == 150, "seed \(seed)")
        #expect(t.userIDs.rawIDs == (1...200).map(String.init), "seed \(seed)")
        #expect(t.itemIDs.rawIDs == (1...150).map(String.init), "seed \(seed)")
        #expect(zip(t.timestamps, t.timestamps.dropFirst()).allSatisfy { $0 < $1 }, "seed \(seed)")
        let pairs = Set(zip(t.users, t.items).map { Int($0) << 32 | Int($1) })
        #expect(pairs.count == t.count, "seed \(seed): duplicate user×item pairs")
    }

    @Test func matchesDensityMeanAndSpread() {
        let spec = SyntheticSpec(
            users: 400, items: 300, rank: 4, density: 0.1, noise: 0, userBias: 0, itemBias: 0, mean: 3)
        let t = SyntheticRatings.generate(spec)
        #expect(abs(t.density - 0.1) < 0.01, "density \(t.density)")
        let values = t.ratings.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        #expect(abs(mean - 3) < 0.1, "mean \(mean)")
        #expect(std > 0.75 && std < 1.25, "signal std \(std)")
    }

    @Test func roundsToHalfStarsWithinRange() {
        let t = SyntheticRatings.generate(SyntheticSpec(users: 50, items: 40, density: 0.5, noise: 1, round: true))
        #expect(t.ratings.allSatisfy { $0 >= 1 && $0 <= 5 && ($0 * 2).rounded() == $0 * 2 })
        #expect(Set(t.ratings).count > 3)
    }

    @Test func fullDensityObservesEverything() {
        let t = SyntheticRatings.generate(SyntheticSpec(users: 7, items: 5, density: 1))
        #expect(t.count == 35)
    }

    @Test func decodesSnakeCaseWithDefaults() throws {
        let json = #"{"users": 10, "user_bias": 0.5, "seed": 3, "round": true}"#
        let spec = try JSONDecoder().decode(SyntheticSpec.self, from: Data(json.utf8))
        #expect(spec == SyntheticSpec(users: 10, userBias: 0.5, seed: 3, round: true))
        #expect(try JSONDecoder().decode(SyntheticSpec.self, from: Data("{}".utf8)) == SyntheticSpec())
        let encoded = try JSONEncoder().encode(spec)
        #expect(try JSONDecoder().decode(SyntheticSpec.self, from: encoded) == spec)
        #expect(String(decoding: encoded, as: UTF8.self).contains("\"item_bias\""))
    }

    @Test func rejectsUnknownKeys() {
        let json = #"{"users": 10, "userBias": 0.5}"#
        do {
            _ = try JSONDecoder().decode(SyntheticSpec.self, from: Data(json.utf8))
            Issue.record("expected an error")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.map(\.stringValue) == ["userBias"])
            #expect(context.debugDescription.hasPrefix("unknown key \"userBias\"; accepted keys are users, items"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func validateListsEveryProblem() {
        #expect(throws: Never.self) { try SyntheticSpec().validate() }
        let spec = SyntheticSpec(users: 0, items: 5, rank: 0, density: 1.5, noise: -1)
        do {
            try spec.validate()
            Issue.record("expected an error")
        } catch let error as SyntheticSpecError {
            #expect(error.problems.count == 4)
            #expect(error.problems[0] == "users must be between 1 and 2147483647, got 0")
            #expect(error.description.hasPrefix("invalid synthetic spec: users must be"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// `data synth --mean 1e300` used to write `inf` ratings the loader refuses.
    @Test(arguments: [
        (SyntheticSpec(mean: 1e300), "mean must be between -1e15 and 1e15"),
        (SyntheticSpec(mean: -.infinity), "mean must be between -1e15 and 1e15"),
        (SyntheticSpec(noise: 1e300), "noise must be between 0 and 1e15"),
        (SyntheticSpec(userBias: .nan), "user_bias must be between 0 and 1e15"),
        (SyntheticSpec(itemBias: 2e15), "item_bias must be between 0 and 1e15"),
        (SyntheticSpec(rank: 1001), "rank must be between 1 and 1000"),
        (SyntheticSpec(users: 100_000, items: 100_000, density: 1), "density 1.0 of 100000 users × 100000 items"),
    ])
    func refusesSpecsWhoseRatingsCouldBeNonFinite(spec: SyntheticSpec, message: String) {
        do {
            try spec.validate()
            Issue.record("accepted \(spec)")
        } catch let error as SyntheticSpecError {
            #expect(error.problems.count == 1)
            #expect(error.problems.first?.hasPrefix(message) == true, "\(error)")
            #expect(error.exitStatus == .invalidInput)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func theLargestAcceptedSpecMakesFiniteRatingsWithFiniteSquares() throws {
        let limit = SyntheticSpec.magnitudeLimit
        for mean in [limit, -limit] {
            let spec = SyntheticSpec(
                users: 30, items: 20, rank: SyntheticSpec.rankLimit, density: 1, noise: limit, userBias: limit,
                itemBias: limit, mean: mean)
            try spec.validate()
            let ratings = SyntheticRatings.generate(spec).ratings
            #expect(ratings.allSatisfy { $0.isFinite && ($0 * $0).isFinite })
        }
    }

    @Test func namingOptionsSpeaksOfDataSynthsFlags() {
        let error = SyntheticSpecError(problems: ["user_bias must be between 0 and 1e15, got -1", "mean must be x"])
            .namingOptions()
        #expect(error.description == "--user-bias must be between 0 and 1e15, got -1; --mean must be x")
        #expect(error.location == .option("--user-bias"))
    }
}
