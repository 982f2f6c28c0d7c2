import Core
import Factorization
import Ratings
import TestSupport
import Testing

/// `optimizer: als` on MovieLens 100k: the bar is a 5-fold RMSE of at most 0.915 within
/// 20 passes (a numpy ALS-WR prototype reaches 0.915 in 10; Adam 0.912 in about 130 steps).
@Suite(MovieLens100k.required)
struct ALSMovieLensTests {
    @Test func fiveFoldRMSEReaches0915Within20Passes() throws {
        let table = try RatingsLoader.load(path: MovieLens100k.ratingsPath).table
        let h = try Hyperparameters([
            "optimizer": .string("als"), "emb_dim": .int(32), "bias": .bool(true), "weighted_lambda": .bool(true),
            "ell_2": .double(0.13), "gram": .double(0), "steps": .int(20),
        ])
        let result = try TrainingSession(table: table, hyperparameters: h, validation: .kFold(5), seed: 0).run().result
        let omse = try #require(result.testOMSEMean)
        let rmse = omse.squareRoot()
        #expect(rmse <= 0.915, "5-fold test RMSE \(rmse)")
        #expect(rmse > 0.85, "5-fold test RMSE \(rmse) is implausibly good")
    }
}
