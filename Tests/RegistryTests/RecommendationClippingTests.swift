import Core
import Factorization
import Ratings
import Testing

@testable import Registry

/// `recommend` shows predictions within the training ratings' range (as Surprise clips its
/// estimates to the rating scale) and says so; the ranking stays the model's.
struct RecommendationClippingTests {
    /// One user, four items: with one factor the scores are 3 + 1·v, so 6.5, 5.25, 4 and 0.5.
    static func loaded(metadata: String) -> LoadedModel {
        let model = MFModel(
            users: Factors(rows: 1, columns: 1, rowMajor: [1]),
            items: Factors(rows: 4, columns: 1, rowMajor: [3.5, 2.25, 1, -2.5]), userBias: nil, itemBias: nil,
            offset: 3, outputRange: nil)
        let artifact = ModelArtifact(
            model: model, userIDs: IDMap(rawIDs: ["u"]), itemIDs: IDMap(rawIDs: ["a", "b", "c", "d"]),
            titles: ["", "", "", ""], seen: SeenItems(users: [], items: [], userCount: 1), configJSON: "{}",
            dataFingerprint: "sha256:x", metadataJSON: metadata)
        return LoadedModel(artifact: artifact, label: "m@1", version: nil, path: "m.mfm")
    }

    @Test func predictionsAboveTheRatingsRangeAreShownClippedAndTheHeaderSaysSo() throws {
        let loaded = Self.loaded(metadata: #"{"sweep":"s","rating_range":[1,5]}"#)
        let r = try ModelInference.recommend(loaded, user: "u", k: 4, coldStart: .none)
        #expect(r.items.map(\.item) == ["a", "b", "c", "d"])
        #expect(r.items.map(\.score) == [5, 5, 4, 1])
        #expect(r.clippedTo == [1, 5])
        let text = ModelInference.render(r)
        #expect(
            text.hasPrefix(
                "m@1: user u (rated 0 items): top 4 unrated items by predicted rating "
                    + "(shown clipped to 1–5, the training ratings' range)\n"), "\(text)")
        // Only the two best are within the range: nothing to say.
        let top = try ModelInference.recommend(loaded, user: "u", k: 1, coldStart: .none)
        #expect(top.items.map(\.score) == [5])
        let within = try ModelInference.recommend(
            Self.loaded(metadata: #"{"rating_range":[0.5,7]}"#), user: "u", k: 3, coldStart: .none)
        #expect(within.clippedTo == nil)
        #expect(within.items.map(\.score) == [6.5, 5.25, 4])
        #expect(!ModelInference.render(within).contains("clipped"))
    }

    @Test func aModelFileWithoutARecordedRangeShowsTheModelsScores() throws {
        let r = try ModelInference.recommend(
            Self.loaded(metadata: #"{"sweep":"s"}"#), user: "u", k: 2, coldStart: .none)
        #expect(r.items.map(\.score) == [6.5, 5.25])
        #expect(r.clippedTo == nil)
    }
}
