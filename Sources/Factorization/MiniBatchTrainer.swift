import Core
import Ratings

/// Mini-batch training of every fold (`batch_size` > 0): `epochs` passes over each fold's
/// training ratings in a seeded shuffle, one optimizer step per batch, the learning rate (and a
/// one-cycle momentum) following the schedule over all the run's steps.
///
/// Folds train in parallel, one task per fold and thread, and meet at every logged step, so
/// each log reports all folds together as in full-batch training. A fold's batches run in
/// order on one thread, so results are bit-identical for any thread count.
///
/// Logged steps: the end of every epoch, and every `log_batches` batches within one. A log's
/// `Train omse` is the mean squared error of the batches since the previous log (fastai's
/// train loss, unsmoothed, in training mode); `Test omse` is computed in evaluation mode. The
/// fold's final result evaluates both sets in evaluation mode.
struct MiniBatchTrainer {
    var hyperparameters: Hyperparameters
    var folds: [TrainingFold]
    var seed: UInt64
    var threads: Int
    /// Side features for `embedding_nn`.
    var features: SideFeatures?

    /// Grid steps the folds take between two polls of `shouldStop` when no log comes sooner.
    static let stopCheckSteps = 512

    /// Trains, calling `onLog` at each logged step and polling `shouldStop` after each and at
    /// least every ``stopCheckSteps`` steps.
    func run(logEvery _: Int, onLog: (StepLog) -> Void, shouldStop: () -> Bool) -> TrainingResult {
        let h = hyperparameters
        let pool = WorkerPool(threads: min(threads, max(1, folds.count)))
        let grid = folds.map { MiniBatchFold.batchCount(trainCount: $0.trainCount, batchSize: h.batchSize) }.max() ?? 1
        let gridBatches = max(1, grid)
        let totalSteps = h.epochs * gridBatches
        let positionUsers = folds.first.map { SharedPositionUsers($0.ratings) }
        // The schedule (and a one-cycle momentum) runs over the grid's steps.
        var schedule = h
        schedule.steps = totalSteps
        let dots = h.model == .dot ? folds.map { DotBatchLearner(fold: $0, hyperparameters: schedule, seed: seed) } : []
        let networks =
            h.model == .embeddingNN
            ? folds.map { EmbeddingNNLearner(fold: $0, hyperparameters: schedule, seed: seed, features: features) }
            : []
        let learners: [any BatchLearner] = dots.isEmpty ? networks : dots
        let runs = folds.indices.map { f in
            MiniBatchFold(
                fold: folds[f], learner: learners[f], hyperparameters: h, gridBatches: gridBatches, seed: seed,
                positionUsers: positionUsers!)
        }
        var checkpoints: [Int] = []
        for epoch in 0..<h.epochs {
            if h.logBatches > 0 {
                var b = h.logBatches - 1
                while b < gridBatches - 1 {
                    checkpoints.append(epoch * gridBatches + b)
                    b += h.logBatches
                }
            }
            checkpoints.append((epoch + 1) * gridBatches - 1)
        }
        var stepsDone = 0
        checkpointLoop: for last in checkpoints {
            // Between logs, the folds advance at most `stopCheckSteps` steps at a time, and a
            // stop is honoured in between: an epoch of a large data set takes minutes.
            while stepsDone <= last {
                let active = runs.indices.filter { runs[$0].diverged == nil }
                if active.isEmpty { break checkpointLoop }
                let upTo = min(last, stepsDone + Self.stopCheckSteps - 1)
                pool.run(active.count) { runs[active[$0]].train(through: upTo) }
                stepsDone = upTo + 1
                if upTo < last && shouldStop() { break checkpointLoop }
            }
            let tests = [Double](unsafeUninitializedCapacity: runs.count) { buffer, count in
                pool.run(runs.count) { f in
                    buffer[f] = runs[f].diverged == nil ? runs[f].evaluate(test: true) : .nan
                }
                count = runs.count
            }
            let metrics = runs.indices.compactMap { f -> FoldMetrics? in
                let run = runs[f]
                guard run.diverged == nil, let omse = run.takeTrainLoss() else { return nil }
                let l2 = h.ell2 > 0 ? learners[f].l2Term() : 0
                return FoldMetrics(
                    fold: f, losses: Losses(omse: omse, l2: l2, gramian: nil, total: omse + h.ell2 * l2),
                    testOMSE: tests[f])
            }
            if !metrics.isEmpty {
                onLog(
                    StepLog(
                        step: last, steps: totalSteps, learningRate: schedule.learningRate(at: last), folds: metrics))
            }
            if shouldStop() { break }
        }
        let finals = [(train: Double, test: Double)](unsafeUninitializedCapacity: runs.count) { buffer, count in
            pool.run(runs.count) { f in
                buffer[f] = (runs[f].evaluate(test: false), runs[f].evaluate(test: true))
            }
            count = runs.count
        }
        let results = runs.indices.map { f -> FoldResult in
            let run = runs[f]
            var diverged = run.diverged
            let (train, test) = finals[f]
            if diverged == nil && (!train.isFinite || (run.fold.testCount > 0 && !test.isFinite)) {
                diverged = "diverged after step \(min(stepsDone, totalSteps) - 1)"
            }
            return FoldResult(
                fold: f, trainOMSE: diverged == nil ? train : nil,
                testOMSE: diverged == nil && run.fold.testCount > 0 ? test : nil,
                steps: diverged == nil ? stepsDone : run.nextStep, diverged: diverged)
        }
        return TrainingResult(
            folds: results, steps: totalSteps, models: dots.map(\.model), networks: networks.map(\.network))
    }
}
