public import Core
import Factorization

/// One run as a report sees it (the agents turn store records into these).
public struct RunSummary: Sendable, Equatable, Codable {
    /// The run's number within its sweep (1-based).
    public var number: Int
    /// `running`, `finished`, `failed`, `crashed`, `pruned` or `stopped`.
    public var state: String
    /// The sampled hyperparameters.
    public var config: [String: ParameterValue]
    /// The sweep's metric for this run (nil unless finished).
    public var metric: Double?
    /// Per-fold test values of the metric's underlying loss (test OMSE), in fold order.
    public var foldValues: [Double]
    /// Steps trained.
    public var steps: Int?
    /// Training seconds.
    public var seconds: Double?
    /// Why it failed, crashed or was stopped.
    public var error: String?
    /// The run whose config this one retried.
    public var retryOf: Int?
    /// The steps the run's config asked for (its `steps`, else the trainer's default), so that
    /// a pruned run's saved steps are `plannedSteps - steps`.
    public var plannedSteps: Int?
    /// Per-fold train OMSE at the end, in fold order (empty when not recorded).
    public var trainFoldValues: [Double]

    enum CodingKeys: String, CodingKey {
        case number, state, config, metric, steps, seconds, error
        case foldValues = "fold_values"
        case retryOf = "retry_of"
        case plannedSteps = "planned_steps"
        case trainFoldValues = "train_fold_values"
    }

    /// A run's facts.
    public init(
        number: Int, state: String, config: [String: ParameterValue], metric: Double?,
        foldValues: [Double] = [], steps: Int? = nil, seconds: Double? = nil,
        error: String? = nil, retryOf: Int? = nil, plannedSteps: Int? = nil,
        trainFoldValues: [Double] = []
    ) {
        self.number = number
        self.state = state
        self.config = config
        self.metric = metric
        self.foldValues = foldValues
        self.steps = steps
        self.seconds = seconds
        self.error = error
        self.retryOf = retryOf
        self.plannedSteps = plannedSteps
        self.trainFoldValues = trainFoldValues
    }
}
