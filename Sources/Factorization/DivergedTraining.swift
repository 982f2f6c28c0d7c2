public import Core

/// A training run whose loss became NaN or infinite: the work ran but failed (exit 1).
public struct DivergedTraining: MFSweepError, Equatable {
    /// Where it diverged, e.g. `fold 2: diverged at step 17`.
    public var reason: String

    /// An error for a run that diverged as `reason` says.
    public init(reason: String) { self.reason = reason }

    /// `training diverged (REASON)`.
    public var description: String { "training diverged (\(reason))" }
    /// The reason names the fold and step.
    public var location: ErrorLocation? { nil }
    /// A diverged run is a failure of the work, not of the input.
    public var exitStatus: ExitStatus { .failure }
}
