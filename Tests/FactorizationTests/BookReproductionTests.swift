import Core
import Factorization
import Foundation
import Ratings
import TestSupport
import Testing

/// The book's runs on MovieLens 100k, against the numbers its JAX trainer
/// (`../shared/peers/seed_jax_mf.py`) gives on the same settings. Fold assignment and the
/// random initialisation differ from JAX's, so each must land within 2%.
@Suite(MovieLens100k.required)
struct BookReproductionTests {
    static let path = MovieLens100k.ratingsPath

    static func run(
        _ values: [String: ParameterValue], _ validation: Validation, seed: UInt64 = 0
    ) throws -> TrainingResult {
        let table = try RatingsLoader.load(path: path).table
        let h = try Hyperparameters(values)
        return try TrainingSession(table: table, hyperparameters: h, validation: validation, seed: seed)
            .run().result
    }

    static func expectWithin2Percent(_ value: Double?, of reference: Double) throws {
        let v = try #require(value)
        #expect(abs(v - reference) <= 0.02 * reference, "got \(v), peer \(reference)")
    }

    @Test func singleHoldoutRunBarelyTrainsAsInTheBook() throws {
        let r = try Self.run(
            [
                "emb_dim": .int(10), "prior_std": .double(0.1), "alpha": .double(1), "steps": .int(1000),
                "ell_2": .double(1), "gram": .double(1), "decay_pct": .double(0.5), "period_length": .int(100),
            ],
            .holdout(0.2))
        try Self.expectWithin2Percent(r.testOMSEMean, of: 13.697)
    }

    @Test func crossValidationMidpointMatchesThePeer() throws {
        let r = try Self.run(
            [
                "emb_dim": .int(40), "prior_std": .double(0.9), "alpha": .double(2.5), "steps": .int(2000),
                "ell_2": .double(0.25), "gram": .double(0.3), "decay_pct": .double(0.75),
                "period_length": .int(250),
            ],
            .kFold(5))
        try Self.expectWithin2Percent(r.testOMSEMean, of: 1.879)
    }

    @Test func aConfigThatLearnsMatchesThePeer() throws {
        // A single 80/20 split moves this run's test OMSE by ±2% (the peer gives 0.889 with
        // seed 0 and 0.899–0.909 with seeds 1–4), so compare means over seeds: the peer's
        // mean over seeds 0–4 is 0.9018.
        var values: [Double] = []
        for seed: UInt64 in [0, 1, 2] {
            let r = try Self.run(
                [
                    "emb_dim": .int(10), "prior_std": .double(0.1), "alpha": .double(10), "steps": .int(2000),
                    "ell_2": .double(0.075), "gram": .double(0), "decay_pct": .double(0.75),
                    "period_length": .int(250),
                ],
                .holdout(0.2), seed: seed)
            values.append(try #require(r.testOMSEMean))
        }
        try Self.expectWithin2Percent(values.reduce(0, +) / 3, of: 0.9018)
    }

    @Test func biasesAndAdamBeatSurprisesSVDUnderFiveFoldCV() throws {
        let r = try Self.run(
            [
                "emb_dim": .int(64), "prior_std": .double(0.1), "alpha": .double(0.1), "steps": .int(150),
                "ell_2": .double(0.2), "gram": .double(0), "decay_pct": .double(0.3),
                "period_length": .int(50), "bias": .bool(true), "optimizer": .string("adam"),
            ],
            .kFold(5))
        let rmse = try #require(r.testRMSEMean)
        #expect(rmse <= 0.915, "mean test RMSE \(rmse)")
    }
}
