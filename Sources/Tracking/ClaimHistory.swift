/// What a sampler sees when a claim asks it for the next config.
///
/// For `propose` it is read inside the claim's write transaction, so no other agent can claim in
/// between: the runs are every run of the sweep (running ones included, so pending trials are
/// known), after stale runs were marked crashed. For `prepare` it is a snapshot read without
/// the lock, which other agents' claims may have overtaken.
public struct ClaimHistory: Sendable {
    /// The sweep.
    public var sweep: SweepRecord
    /// Every run of the sweep, by number, with their states and summary metrics.
    public var runs: [RunRecord]
    /// The number the proposed run will get (the largest number so far plus one).
    public var nextNumber: Int

    /// Makes a history.
    public init(sweep: SweepRecord, runs: [RunRecord], nextNumber: Int) {
        self.sweep = sweep
        self.runs = runs
        self.nextNumber = nextNumber
    }
}
