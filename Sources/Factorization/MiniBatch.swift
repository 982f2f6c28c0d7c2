/// One mini-batch of training (or evaluation) ratings, gathered from a fold's positions into
/// scratch buffers: rating r is user `users[r]`'s rating `ratings[r]` of item `items[r]`, at
/// position `positions[r]` of the run's ``ObservedRatings``.
struct MiniBatch {
    /// Number of ratings.
    var count: Int
    /// User of each rating.
    var users: UnsafeMutablePointer<Int32>
    /// Item of each rating.
    var items: UnsafeMutablePointer<Int32>
    /// The rating values.
    var ratings: UnsafeMutablePointer<Float>
    /// Position of each rating in the shared ratings (for per-rating side features).
    var positions: UnsafeMutablePointer<Int32>
}

/// A model trained one mini-batch at a time by a ``MiniBatchTrainer``.
///
/// A learner belongs to one fold and is only used by the thread that runs that fold's task.
protocol BatchLearner: AnyObject {
    /// Forward pass in training mode, gradients of the batch's mean squared error (plus the
    /// `ell_2` penalty), and one optimizer step with `scales`. Returns the batch's sum of squared
    /// errors (before the update).
    func train(_ batch: MiniBatch, scales: OptimizerState.StepScales) -> Double
    /// Predictions of the batch's ratings in evaluation mode, into `out[0..<batch.count]`.
    func predict(_ batch: MiniBatch, into out: UnsafeMutablePointer<Float>)
    /// The L2 term of the book's objective at the current parameters (Σ‖U_u‖²/N + Σ‖V_i‖²/M,
    /// with the biases), or 0 for a model without one.
    func l2Term() -> Double
}
