/// The life cycle of a run.
///
/// A claim creates a run in ``running``; its agent ends it with ``finished``, ``failed`` (the
/// error says why), ``pruned`` (stopped early by a pruner) or ``stopped`` (the agent was asked to
/// stop). A run whose heartbeat goes stale is marked ``crashed`` by the next claim. Crashed and
/// stopped runs do not count toward a sweep's run count, and their configs are retried.
public enum RunState: String, Codable, Sendable, CaseIterable {
    case running, finished, failed, crashed, pruned, stopped

    /// Whether the run counts toward a sweep's `count` limit (crashed and stopped runs don't).
    public var countsTowardLimit: Bool {
        switch self {
        case .running, .finished, .failed, .pruned: true
        case .crashed, .stopped: false
        }
    }

    /// Whether the run ended without a result and its config may be retried.
    public var isRetryable: Bool { self == .crashed || self == .stopped }
}
