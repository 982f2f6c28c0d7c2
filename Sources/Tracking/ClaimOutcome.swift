/// The result of ``RunStore/claimRun(sweepID:agent:now:heartbeatGrace:maxRetries:countLimit:propose:)``.
public enum ClaimOutcome: Sendable, Hashable {
    /// A new `running` run for the caller: a retry (its `retryOf` is set) or a new proposal.
    case claimed(RunRecord)
    /// The sweep has `countLimit` runs that count (running, finished, failed or pruned).
    case limitReached
    /// The sampler proposed nothing: the search space is exhausted (for example a finished grid).
    case exhausted

    /// The claimed run, if any.
    public var run: RunRecord? {
        if case .claimed(let run) = self { run } else { nil }
    }
}
