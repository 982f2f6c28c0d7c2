import Core

/// One fold of a mini-batch run: its training positions, reshuffled every epoch, the learner
/// that trains on them, and the running sums behind the logged train loss.
///
/// The run's steps form one grid shared by every fold: epoch e is steps e·P ..< (e+1)·P, where
/// P is the largest number of batches per epoch over the folds, and batch b of the epoch is
/// step e·P + b. A fold with fewer batches skips the grid's last steps of each epoch. The
/// learning-rate schedule is a function of the grid step, so every fold follows the same one.
final class MiniBatchFold: @unchecked Sendable {
    // @unchecked Sendable: one task at a time trains a fold; WorkerPool joins order the tasks.

    let fold: TrainingFold
    let learner: any BatchLearner
    /// The schedule's settings (``Hyperparameters/steps`` set to the grid's step count).
    let schedule: Hyperparameters
    let seed: UInt64
    let batchSize: Int
    /// Batches per epoch: ⌈train ratings / batch size⌉.
    let batchesPerEpoch: Int
    /// The grid's steps per epoch (P).
    let gridBatches: Int
    /// The fold's training positions in ascending order, and this epoch's shuffle of them.
    let trainPositions: UnsafeMutablePointer<Int32>
    let order: UnsafeMutablePointer<Int32>
    /// The fold's test positions.
    let testPositions: UnsafeMutablePointer<Int32>
    /// The user of each position (shared by the folds).
    let positionUsers: SharedPositionUsers
    /// Scratch for one batch.
    let batchUsers: UnsafeMutablePointer<Int32>
    let batchItems: UnsafeMutablePointer<Int32>
    let batchRatings: UnsafeMutablePointer<Float>
    let batchPositions: UnsafeMutablePointer<Int32>
    let predictions: UnsafeMutablePointer<Float>
    let scratchCount: Int

    /// The next grid step to take.
    private(set) var nextStep = 0
    /// Updates taken (Adam's t).
    private(set) var updates = 0
    /// Why the fold stopped, when its loss became NaN or infinite.
    private(set) var diverged: String?
    private var squaredSinceLog = 0.0
    private var countSinceLog = 0

    /// A fold of a run whose grid has `gridBatches` steps per epoch.
    init(
        fold: TrainingFold, learner: any BatchLearner, hyperparameters h: Hyperparameters, gridBatches: Int,
        seed: UInt64, positionUsers: SharedPositionUsers
    ) {
        self.fold = fold
        self.learner = learner
        self.seed = seed
        self.positionUsers = positionUsers
        batchSize = h.batchSize
        batchesPerEpoch = Self.batchCount(trainCount: fold.trainCount, batchSize: h.batchSize)
        self.gridBatches = gridBatches
        var schedule = h
        schedule.steps = max(1, h.epochs * gridBatches)
        self.schedule = schedule
        let trainPositions = UnsafeMutablePointer<Int32>.allocate(capacity: max(fold.trainCount, 1))
        let testPositions = UnsafeMutablePointer<Int32>.allocate(capacity: max(fold.testCount, 1))
        var train = 0
        var test = 0
        fold.forEachPosition { position, tested in
            if tested {
                testPositions[test] = Int32(position)
                test += 1
            } else {
                trainPositions[train] = Int32(position)
                train += 1
            }
        }
        self.trainPositions = trainPositions
        self.testPositions = testPositions
        order = .allocate(capacity: max(fold.trainCount, 1))
        scratchCount = max(h.batchSize, Self.evaluationChunk)
        batchUsers = .allocate(capacity: scratchCount)
        batchItems = .allocate(capacity: scratchCount)
        batchRatings = .allocate(capacity: scratchCount)
        batchPositions = .allocate(capacity: scratchCount)
        predictions = .allocate(capacity: scratchCount)
    }

    deinit {
        for p in [trainPositions, order, testPositions, batchUsers, batchItems, batchPositions] { p.deallocate() }
        batchRatings.deallocate()
        predictions.deallocate()
    }

    /// Ratings per evaluation chunk.
    static let evaluationChunk = 1024

    /// ⌈trainCount / batchSize⌉.
    static func batchCount(trainCount: Int, batchSize: Int) -> Int {
        (trainCount + batchSize - 1) / max(1, batchSize)
    }

    /// Trains grid steps up to and including `last` (or until the loss diverges).
    func train(through last: Int) {
        let ratings = fold.ratings.index
        while nextStep <= last && diverged == nil {
            let epoch = nextStep / gridBatches
            let b = nextStep % gridBatches
            if b == 0 { shuffle(epoch: epoch) }
            if b < batchesPerEpoch {
                let lo = b * batchSize
                let count = min(batchSize, fold.trainCount - lo)
                gather(order + lo, count, ratings)
                updates += 1
                let rate = Float(schedule.learningRate(at: nextStep))
                let scales = OptimizerState.stepScales(
                    schedule, optimizer: schedule.optimizer, learningRate: rate, t: updates, scheduleStep: nextStep)
                let sse = learner.train(batch(count), scales: scales)
                if !sse.isFinite {
                    diverged = "diverged at step \(nextStep)"
                } else {
                    squaredSinceLog += sse
                    countSinceLog += count
                }
            }
            nextStep += 1
        }
    }

    /// The mean squared error of the batches since the last call (fastai's train loss, without
    /// its smoothing), or nil when no batch ran.
    func takeTrainLoss() -> Double? {
        defer {
            squaredSinceLog = 0
            countSinceLog = 0
        }
        return countSinceLog > 0 ? squaredSinceLog / Double(countSinceLog) : nil
    }

    /// The mean squared error of the model in evaluation mode over the fold's test (or train)
    /// ratings, summed in position order (NaN when there are none).
    func evaluate(test: Bool) -> Double {
        let positions = test ? testPositions : trainPositions
        let total = test ? fold.testCount : fold.trainCount
        guard total > 0 else { return .nan }
        let ratings = fold.ratings.index
        var sum = 0.0
        var lo = 0
        while lo < total {
            let count = min(Self.evaluationChunk, total - lo)
            gather(positions + lo, count, ratings)
            learner.predict(batch(count), into: predictions)
            for r in 0..<count {
                let e = Double(predictions[r]) - Double(batchRatings[r])
                sum += e * e
            }
            lo += count
        }
        return sum / Double(total)
    }

    /// Copies the ratings at `positions[0..<count]` into the batch scratch.
    private func gather(_ positions: UnsafeMutablePointer<Int32>, _ count: Int, _ ratings: RatingsIndex) {
        let users = positionUsers.users
        for r in 0..<count {
            let k = Int(positions[r])
            batchPositions[r] = Int32(k)
            batchUsers[r] = users[k]
            batchItems[r] = ratings.items[k]
            batchRatings[r] = ratings.values[k]
        }
    }

    private func batch(_ count: Int) -> MiniBatch {
        MiniBatch(
            count: count, users: batchUsers, items: batchItems, ratings: batchRatings, positions: batchPositions)
    }

    /// This epoch's order: the training positions shuffled (Fisher–Yates) by a generator seeded
    /// by the run's seed, the fold and the epoch, so an epoch's batches never depend on threads
    /// or on earlier epochs.
    private func shuffle(epoch: Int) {
        let n = fold.trainCount
        order.update(from: trainPositions, count: n)
        var rng = SeededGenerator(seed: seed, stream: "batches.fold\(fold.number).epoch\(epoch)")
        var i = n - 1
        while i > 0 {
            let j = rng.nextIndex(below: i + 1)
            order.swapAt(i, j)
            i -= 1
        }
    }
}

/// The user of every position of a run's ``ObservedRatings`` (4 bytes per rating, built once
/// and shared by every fold).
final class SharedPositionUsers: @unchecked Sendable {
    // @unchecked Sendable: immutable after init.
    let users: UnsafeMutablePointer<Int32>
    let count: Int

    init(_ ratings: ObservedRatings) {
        let index = ratings.index
        count = index.count
        users = .allocate(capacity: max(count, 1))
        for u in 0..<index.userCount {
            for k in index.userStart[u]..<index.userStart[u + 1] { users[k] = Int32(u) }
        }
    }

    deinit { users.deallocate() }
}

extension UnsafeMutablePointer where Pointee == Int32 {
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
