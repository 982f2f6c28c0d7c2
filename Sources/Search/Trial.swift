public import Core

/// Where a trial of a sweep is in its life cycle, as the samplers see it. The cases mirror the
/// run store's states (and share their raw values), so a caller maps a stored run with
/// `TrialState(rawValue: run.state.rawValue)`.
public enum TrialState: String, Sendable, Hashable, CaseIterable {
    /// Still training: a pending point (``Trial/metric`` is the latest value it logged, if any).
    case running
    /// Ended normally: ``Trial/metric`` is its summary.
    case finished
    /// Stopped early by a pruning rule: ``Trial/metric`` is the last value it logged.
    case pruned
    /// Ended with an error (e.g. the loss diverged).
    case failed
    /// Lost its agent (its heartbeat went stale).
    case crashed
    /// Stopped by a person; its config is retried, so samplers ignore it.
    case stopped
}

/// One run of a sweep as the samplers see it: its config, its state, and the metric it reported.
public struct Trial: Sendable, Hashable {
    /// The run's config (hyperparameters by name), as proposed for it.
    public var config: [String: ParameterValue]
    /// Where the run is in its life cycle.
    public var state: TrialState
    /// The sweep metric: the summary of a finished run, the last logged value of any other
    /// (what W&B's `impute: latest` uses); nil when none was logged.
    public var metric: Double?

    /// A trial with `config` in `state` that reported `metric`.
    public init(config: [String: ParameterValue], state: TrialState, metric: Double? = nil) {
        self.config = config
        self.state = state
        self.metric = metric
    }
}
