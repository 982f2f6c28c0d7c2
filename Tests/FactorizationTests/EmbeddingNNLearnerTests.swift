import Core
import Ratings
import Testing

@testable import Factorization

/// EmbeddingNN in the mini-batch trainer: each row's side features reach the network (user,
/// then item, then per-rating features), and training is reproducible for any thread count.
struct EmbeddingNNLearnerTests {
    /// 3 users, 2 items, 4 ratings (table rows 0-3); a categorical and a continuous feature per
    /// level.
    static func setting() -> (ObservedRatings, SideFeatures) {
        let ratings = ObservedRatings(
            users: [2, 0, 1, 0], items: [1, 0, 1, 1], ratings: [3, 4, 2, 5], userCount: 3, itemCount: 2)
        func block(_ count: Int, _ name: String, codes: [Int32], values: [Float]) -> SideFeatures.Block {
            SideFeatures.Block(
                count: count, categorical: [.init(name: name + ".c", levels: ["a", "b", "c", "d"])],
                continuous: [.init(name: name + ".x", mean: 0, std: 1)], codes: codes, values: values)
        }
        let features = SideFeatures(
            user: block(3, "user", codes: [1, 2, 3], values: [10, 20, 30]),
            item: block(2, "item", codes: [4, 1], values: [0.5, 0.25]),
            rating: block(4, "time", codes: [1, 2, 3, 4], values: [100, 200, 300, 400]))
        return (ratings, features)
    }

    static let settings = try! Hyperparameters([
        "model": .string("embedding_nn"), "batch_size": .int(2), "epochs": .int(2), "optimizer": .string("adam"),
        "layers": .list([.int(4)]), "alpha": .double(0.01),
    ])

    @Test func eachRowsSideFeaturesAreGatheredFromItsUserItemAndTableRow() {
        let (ratings, features) = Self.setting()
        let learner = EmbeddingNNLearner(
            fold: ratings.fold(0), hyperparameters: Self.settings, seed: 1, features: features)
        #expect(learner.network.shape.categoricalCardinalities == [5, 5, 5])
        #expect(learner.network.shape.continuousCount == 3)
        // Positions are grouped by user: user 0's rows 1 and 3, user 1's row 2, user 2's row 0.
        let index = ratings.index
        var users: [Int32] = [0, 0, 1, 2]
        var items = (0..<4).map { index.items[$0] }
        var values = (0..<4).map { index.values[$0] }
        var positions: [Int32] = [0, 1, 2, 3]
        #expect((0..<4).map { index.rows[$0] } == [1, 3, 2, 0])
        users.withUnsafeMutableBufferPointer { u in
            items.withUnsafeMutableBufferPointer { i in
                values.withUnsafeMutableBufferPointer { v in
                    positions.withUnsafeMutableBufferPointer { p in
                        let batch = learner.networkBatch(
                            MiniBatch(
                                count: 4, users: u.baseAddress!, items: i.baseAddress!, ratings: v.baseAddress!,
                                positions: p.baseAddress!))
                        let codes = (0..<12).map { batch.categorical![$0] }
                        let continuous = (0..<12).map { batch.continuous![$0] }
                        // Row 0: user 0 (code 1, 10), item 0 (4, 0.5), table row 1 (2, 200).
                        #expect(codes == [1, 4, 2, 1, 1, 4, 2, 1, 3, 3, 1, 1])
                        #expect(continuous == [10, 0.5, 200, 10, 0.25, 400, 20, 0.25, 300, 30, 0.25, 100])
                    }
                }
            }
        }
    }

    @Test func trainingWithSideFeaturesIsTheSameForAnyThreadCount() throws {
        let table = SyntheticRatings.generate(
            SyntheticSpec(users: 60, items: 40, rank: 2, density: 0.3, noise: 0.1, seed: 5))
        let userBlock = SideFeatures.Block(
            count: table.userCount, categorical: [.init(name: "user.g", levels: ["a", "b"])],
            codes: (0..<table.userCount).map { Int32($0 % 2 + 1) })
        let itemBlock = SideFeatures.Block(
            count: table.itemCount, continuous: [.init(name: "item.x", mean: 0, std: 1)],
            values: (0..<table.itemCount).map { Float($0 % 5) - 2 })
        let features = SideFeatures(
            user: userBlock, item: itemBlock, rating: .empty(count: table.count))
        let folds = try Validation.kFold(3).folds(of: table, seed: 1)
        var h = Self.settings
        h.batchSize = 16
        h.yRange = 0...6
        func run(_ threads: Int) -> TrainingResult {
            LockstepTrainer(hyperparameters: h, folds: folds, seed: 2, threads: threads, features: features).run()
        }
        let one = run(1)
        let three = run(3)
        #expect(one == three)
        #expect(one.networks.count == 3 && one.models.isEmpty)
        for f in 0..<3 {
            #expect(one.networks[f].tensors.map(\.values) == three.networks[f].tensors.map(\.values))
        }
        #expect(one.testOMSEMean != nil)
    }
}
