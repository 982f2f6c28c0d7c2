public import Core
public import Ratings

/// Trains k folds in lockstep, the book's k-fold cross-validation: every fold takes step i
/// before any takes step i+1, and each logged step reports all folds together.
///
/// All folds' phase tasks go to one thread pool, so with 5 folds on 2 threads both cores
/// stay busy, and a single holdout fold still uses every thread within each step. Results do
/// not depend on the thread count: every sum is taken over fixed blocks in a fixed order.
///
/// The folds of one run share one ``ObservedRatings`` (``Validation/folds(of:seed:)``); each
/// fold's trainer adds its model, gradients and optimizer state, nothing per rating
/// (``MemoryPlan/training(ratings:users:items:folds:hyperparameters:threads:)`` counts them).
public struct LockstepTrainer: Sendable {
    /// The settings every fold trains with.
    public var hyperparameters: Hyperparameters
    /// The folds.
    public var folds: [TrainingFold]
    /// Seed of the initialisation (the same for every fold, as in the book).
    public var seed: UInt64
    /// Threads to use.
    public var threads: Int
    /// Side features for `embedding_nn` (aligned to the folds' users, items and table rows).
    public var features: SideFeatures?

    /// A trainer for `folds`.
    public init(
        hyperparameters: Hyperparameters, folds: [TrainingFold], seed: UInt64,
        threads: Int = Processors.available, features: SideFeatures? = nil
    ) {
        self.features = features
        self.hyperparameters = hyperparameters
        self.folds = folds
        self.seed = seed
        self.threads = threads
    }

    /// Trains every fold for `hyperparameters.steps` steps, or in mini-batches for `epochs`
    /// epochs when `batch_size` is set (``MiniBatchTrainer``).
    ///
    /// - Parameters:
    ///   - logEvery: `onLog` runs after steps 0, logEvery, 2·logEvery, … and after the last
    ///     step (0: only after the last step).
    ///   - onLog: receives each logged step.
    ///   - shouldStop: polled after every step; returning true ends training early (the
    ///     result then reports the steps done).
    public func run(
        logEvery: Int = 0, onLog: (StepLog) -> Void = { _ in },
        shouldStop: () -> Bool = { false }
    ) -> TrainingResult {
        if hyperparameters.isMiniBatch {
            return MiniBatchTrainer(
                hyperparameters: hyperparameters, folds: folds, seed: seed, threads: threads, features: features
            )
            .run(logEvery: logEvery, onLog: onLog, shouldStop: shouldStop)
        }
        let pool = WorkerPool(threads: threads)
        let trainers = folds.map { FoldTrainer(fold: $0, hyperparameters: hyperparameters, seed: seed) }
        let h = hyperparameters
        var active = Array(trainers.indices)
        var plan = TaskPlan(trainers, active)
        var diverged = [String?](repeating: nil, count: trainers.count)
        var stepsDone = [Int](repeating: 0, count: trainers.count)
        var losses = [Losses?](repeating: nil, count: trainers.count)

        for step in 0..<h.steps {
            let logged = step == h.steps - 1 || (logEvery > 0 && step % logEvery == 0)
            if h.optimizer == .als {
                alsStep(pool, trainers, plan, logged: logged)
                let trainOMSE = logged ? evaluate(pool, trainers, plan, .train) : []
                for f in active {
                    stepsDone[f] = step + 1
                    guard logged, let omse = trainOMSE[f] else { continue }
                    let l = trainers[f].alsLosses(trainOMSE: omse)
                    losses[f] = l
                    if !l.total.isFinite { diverged[f] = "diverged at step \(step)" }
                }
            } else {
                let needsGramian = h.gram > 0 || logged
                for f in active { trainers[f].beginStep(step, needsGramian: needsGramian) }
                if needsGramian {
                    run(pool, trainers, plan.gramian) { $0.gramianTask($1) }
                    for f in active { trainers[f].finishGramian() }
                }
                run(pool, trainers, plan.users, contiguous: true) { $0.userTask($1) }
                run(pool, trainers, plan.items, contiguous: true) { $0.itemTask($1) }
                run(pool, trainers, plan.updates, contiguous: true) { $0.updateTask($1) }
                for f in active {
                    let l = trainers[f].stepLosses()
                    stepsDone[f] = step + 1
                    losses[f] = l
                    if !l.total.isFinite { diverged[f] = "diverged at step \(step)" }
                }
            }
            if active.contains(where: { diverged[$0] != nil }) {
                active.removeAll { diverged[$0] != nil }
                plan = TaskPlan(trainers, active)
            }
            if logged && !active.isEmpty {
                let tests = evaluate(pool, trainers, plan, .test)
                let metrics = active.map { f in
                    FoldMetrics(fold: f, losses: losses[f]!, testOMSE: tests[f]!)
                }
                onLog(
                    StepLog(
                        step: step, steps: h.steps, learningRate: h.optimizer == .als ? 0 : h.learningRate(at: step),
                        folds: metrics))
            }
            if active.isEmpty || shouldStop() { break }
        }

        let trainOMSE = evaluate(pool, trainers, plan, .train)
        let testOMSE = evaluate(pool, trainers, plan, .test)
        // The loss is checked before each update, so an overflow in the last update shows up
        // only here: such a fold diverged too.
        for f in active {
            let finalValues = [trainOMSE[f]] + (trainers[f].fold.testCount > 0 ? [testOMSE[f]] : [])
            if finalValues.contains(where: { $0?.isFinite == false }) {
                diverged[f] = "diverged after step \(stepsDone[f] - 1)"
            }
        }
        let results = trainers.indices.map { f in
            FoldResult(
                fold: f, trainOMSE: diverged[f] == nil ? trainOMSE[f] : nil,
                testOMSE: diverged[f] == nil && trainers[f].fold.testCount > 0 ? testOMSE[f] : nil,
                steps: stepsDone[f], diverged: diverged[f])
        }
        return TrainingResult(folds: results, steps: h.steps, models: trainers.map(\.model))
    }

    /// Each phase's tasks of every active fold, as (fold, task) pairs: built once, and again
    /// only when a fold drops out, so steps allocate nothing.
    private struct TaskPlan {
        typealias Owners = [(fold: Int, task: Int)]
        var gramian: Owners = []
        /// The Gramian tasks of U only (the first of each fold's), and of V only.
        var userGramian: Owners = []
        var itemGramian: Owners = []
        var users: Owners = []
        var items: Owners = []
        var updates: Owners = []
        var testEvaluation: Owners = []
        var trainEvaluation: Owners = []
        let active: [Int]

        init(_ trainers: [FoldTrainer], _ active: [Int]) {
            self.active = active
            for f in active {
                let t = trainers[f]
                gramian += (0..<t.gramianTaskCount).map { (f, $0) }
                userGramian += (0..<t.userGramianTaskCount).map { (f, $0) }
                itemGramian += (t.userGramianTaskCount..<t.gramianTaskCount).map { (f, $0) }
                users += (0..<t.userTaskCount).map { (f, $0) }
                items += (0..<t.itemTaskCount).map { (f, $0) }
                updates += (0..<t.updateTaskCount).map { (f, $0) }
                testEvaluation += (0..<t.evaluationTaskCount(.test)).map { (f, $0) }
                trainEvaluation += (0..<t.evaluationTaskCount(.train)).map { (f, $0) }
            }
        }
    }

    /// One `als` step of every active fold: the user rows solved with V fixed, then the item
    /// rows with U fixed, each after the fixed side's Gramian when `gram` > 0; on a logged step,
    /// both Gramians again for the Gramian loss at the new parameters.
    private func alsStep(_ pool: WorkerPool, _ trainers: [FoldTrainer], _ plan: TaskPlan, logged: Bool) {
        let gram = hyperparameters.gram > 0
        for f in plan.active { trainers[f].gramianComputed = false }
        if gram {
            run(pool, trainers, plan.itemGramian) { $0.gramianTask($1) }
            for f in plan.active { trainers[f].sumGramians(users: false) }
        }
        run(pool, trainers, plan.users) { $0.alsUserTask($1) }
        if gram {
            run(pool, trainers, plan.userGramian) { $0.gramianTask($1) }
            for f in plan.active { trainers[f].sumGramians(items: false) }
        }
        run(pool, trainers, plan.items) { $0.alsItemTask($1) }
        if logged {
            for f in plan.active { trainers[f].gramianComputed = true }
            run(pool, trainers, plan.gramian) { $0.gramianTask($1) }
            for f in plan.active { trainers[f].finishGramian() }
        }
    }

    /// Runs one phase's tasks as one batch on the pool (`contiguous`: each thread keeps the
    /// same share of folds and blocks phase after phase, for cache locality).
    private func run(
        _ pool: WorkerPool, _ trainers: [FoldTrainer], _ owners: TaskPlan.Owners,
        contiguous: Bool = false, task: (FoldTrainer, Int) -> Void
    ) {
        pool.run(owners.count, contiguous: contiguous) { i in
            task(trainers[owners[i].fold], owners[i].task)
        }
    }

    /// OMSE of `set` for every active fold at the current parameters (indexed by fold).
    private func evaluate(
        _ pool: WorkerPool, _ trainers: [FoldTrainer], _ plan: TaskPlan, _ set: EvaluationSet
    ) -> [Double?] {
        run(pool, trainers, set == .test ? plan.testEvaluation : plan.trainEvaluation) {
            $0.evaluationTask(set, $1)
        }
        var out = [Double?](repeating: nil, count: trainers.count)
        for f in plan.active { out[f] = trainers[f].evaluationResult(set) }
        return out
    }
}
