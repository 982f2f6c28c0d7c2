import Core
import Ratings
import Testing

@testable import Factorization

/// The training memory plan against a hand computation and against the buffers the trainer
/// allocates, and the plan's refusal of a run the machine cannot hold.
struct MemoryPlanTrainingTests {
    static let mib = 1024.0 * 1024

    static func settings(embDim: Int, optimizer: String, bias: Bool) -> Hyperparameters {
        try! Hyperparameters(["emb_dim": .int(embDim), "optimizer": .string(optimizer), "bias": .bool(bias)])
    }

    @Test func planMatchesAHandComputationOnMovieLensSizes() {
        // ml-100k, 5 folds, emb_dim 10 (padded to 16), Adam with biases, 2 threads.
        let h = Self.settings(embDim: 10, optimizer: "adam", bias: true)
        let plan = MemoryPlan.training(
            ratings: 100_000, users: 943, items: 1682, folds: 5, hyperparameters: h, threads: 2)
        let rows = 2625.0
        let perRow = 4.0 * 16 + 4  // a padded row of floats and its bias
        #expect(plan.bytes(of: "ratings table") == 20 * 100_000 + 64 * rows)
        #expect(plan.bytes(of: "shared ratings") == 44 * 100_000 + 8 * rows)
        #expect(plan.bytes(of: "fold indexes") == 5 * (8 * rows + 8192))
        #expect(plan.bytes(of: "factors") == 5 * rows * perRow)
        // The two Gramians and their partials: ⌈943/256⌉ = 4 blocks of U, ⌈1682/256⌉ = 7 of V.
        #expect(plan.bytes(of: "gradients") == 5 * (rows * perRow + 4 * 16 * 16 * (2 + 4 + 7)))
        #expect(plan.bytes(of: "optimizer state") == 2 * 5 * rows * perRow)
        #expect(plan.bytes(of: "threads") == 2 * 256 * 1024)
        // Beyond its factors and optimizer state, a fold costs its gradients and index: under 1 MiB.
        let perFold = (plan.bytes(of: "gradients") + plan.bytes(of: "fold indexes")) / 5
        #expect(perFold < Self.mib, "\(perFold) bytes per fold")
    }

    @Test(arguments: ["gd", "momentum", "adam"])
    func perFoldPartsAreTheBuffersTheTrainerAllocates(optimizer: String) throws {
        let table = SyntheticRatings.generate(SyntheticSpec(users: 300, items: 200, density: 0.2, seed: 1))
        for (d, bias) in [(10, true), (16, false), (3, true)] {
            let h = Self.settings(embDim: d, optimizer: optimizer, bias: bias)
            let folds = try Validation.kFold(3).folds(of: table, seed: 0)
            let trainers = folds.map { FoldTrainer(fold: $0, hyperparameters: h, seed: 0) }
            var factors = 0
            var gradients = 0
            var state = 0
            var index = 0
            for t in trainers {
                factors += t.model.users.storage.bytes + t.model.items.storage.bytes
                factors += (t.model.userBiasBuffer?.bytes ?? 0) + (t.model.itemBiasBuffer?.bytes ?? 0)
                gradients += t.gradU.bytes + t.gradV.bytes + t.gramU.bytes + t.gramV.bytes + t.gramianPartials.bytes
                gradients += (t.gradUserBias?.bytes ?? 0) + (t.gradItemBias?.bytes ?? 0)
                state += t.optimizerState.bytes
                index += t.fold.indexBytes
            }
            let plan = MemoryPlan.training(
                ratings: table.count, users: table.userCount, items: table.itemCount, folds: 3, hyperparameters: h,
                threads: 1)
            let what = "emb_dim \(d), bias \(bias), \(optimizer)"
            #expect(plan.bytes(of: "factors") == Double(factors), "\(what)")
            #expect(plan.bytes(of: "gradients") == Double(gradients), "\(what)")
            #expect(plan.bytes(of: "optimizer state") == Double(state), "\(what)")
            // The index part also allows for each fold's blocks and partial sums.
            #expect(plan.bytes(of: "fold indexes") >= Double(index), "\(what)")
            #expect(plan.bytes(of: "fold indexes") <= Double(index) + 3 * 8192, "\(what)")
            #expect(
                plan.bytes(of: "shared ratings") >= Double(folds[0].ratings.storageBytes)
                    && plan.bytes(of: "shared ratings") <= 2 * Double(folds[0].ratings.storageBytes), "\(what)")
        }
    }

    @Test func aRunTooBigForTheMachineIsRefusedBeforeItsFoldsAreBuilt() throws {
        let table = SyntheticRatings.generate(SyntheticSpec(users: 100, items: 50, density: 0.5, seed: 2))
        var h = Self.settings(embDim: 4096, optimizer: "adam", bias: false)
        h.steps = 1
        // 2000 folds of 2500 ratings at emb_dim 4096: each fold's two Gramians alone are 128 MiB.
        let session = TrainingSession(table: table, hyperparameters: h, validation: .kFold(2000), threads: 1)
        #expect(session.memoryPlan.bytes(of: "gradients") > 2000 * 128 * Self.mib)
        #expect(throws: MemoryPlanError.self) { try session.run() }
        // More folds than ratings: the fold count is checked first.
        let tooMany = TrainingSession(table: table, hyperparameters: h, validation: .kFold(table.count + 1))
        #expect(throws: SplitError.self) { try tooMany.run() }
    }
}
