public import Core
public import Ratings

/// One training run on a ratings table: validation folds, lockstep training, timing and the
/// report `mfsweep train --json` prints.
public struct TrainingSession: Sendable {
    /// The ratings.
    public var table: RatingsTable
    /// The settings.
    public var hyperparameters: Hyperparameters
    /// How folds are made.
    public var validation: Validation
    /// Seed of the split and of the initialisation.
    public var seed: UInt64
    /// Threads for training.
    public var threads: Int
    /// Side features aligned to ``table`` (users, items and rows), for `embedding_nn`; nil
    /// without features.
    public var features: SideFeatures?

    /// A session; nothing is trained until ``run(logEvery:onLog:shouldStop:)``.
    public init(
        table: RatingsTable, hyperparameters: Hyperparameters, validation: Validation,
        seed: UInt64 = 0, threads: Int = Processors.available, features: SideFeatures? = nil
    ) {
        self.features = features
        self.table = table
        self.hyperparameters = hyperparameters
        self.validation = validation
        self.seed = seed
        self.threads = threads
    }

    /// The outcome of ``run(logEvery:onLog:shouldStop:)``.
    public struct Outcome: Sendable {
        /// Per-fold results and models.
        public var result: TrainingResult
        /// Wall time of training (splitting and indexing excluded).
        public var seconds: Double
        /// Wall milliseconds per lockstep step (all folds).
        public var msPerStep: Double
    }

    /// The memory this session needs (see ``MemoryPlan/training(ratings:users:items:folds:hyperparameters:threads:)``).
    public var memoryPlan: MemoryPlan {
        .training(
            ratings: table.count, users: table.userCount, items: table.itemCount, folds: validation.foldCount,
            hyperparameters: hyperparameters, threads: threads)
    }

    /// Checks the session before anything is split or allocated: side features only with
    /// `embedding_nn`, the number of ratings (at most ``ObservedRatings/maxCount``), the
    /// validation against it (``Splitter/check(_:of:)``), then the memory plan against the
    /// machine's memory.
    ///
    /// - Throws: ``HyperparameterError``, ``SplitError`` or ``MemoryPlanError`` (all exit 64).
    public func check() throws {
        if let features, !features.isEmpty { try SideFeatureRequest.check(model: hyperparameters.model) }
        try ObservedRatings.checkCount(table.count)
        try Splitter.check(validation, of: table)
        try memoryPlan.check()
    }

    /// Checks the session (``check()``), splits the data and trains every fold.
    ///
    /// - Throws: ``SplitError`` if the split is impossible, ``MemoryPlanError`` if the run
    ///   needs more memory than the machine has; nothing big is allocated before either.
    public func run(
        logEvery: Int = 0, onLog: (StepLog) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) throws -> Outcome {
        try check()
        let folds = try validation.folds(of: table, seed: seed)
        let trainer = LockstepTrainer(
            hyperparameters: hyperparameters, folds: folds, seed: seed, threads: threads, features: features)
        let clock = ContinuousClock()
        var stepsRun = 0
        let start = clock.now
        let result = trainer.run(
            logEvery: logEvery,
            onLog: { log in
                stepsRun = log.step + 1
                onLog(log)
            },
            shouldStop: shouldStop)
        let seconds = start.duration(to: clock.now).inSeconds
        let steps = max(result.folds.map(\.steps).max() ?? stepsRun, 1)
        return Outcome(result: result, seconds: seconds, msPerStep: seconds * 1000 / Double(steps))
    }
}
