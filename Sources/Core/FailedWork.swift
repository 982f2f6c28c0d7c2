/// An error met while the work ran (an agent's loop, a launched sweep) rather than while its
/// input was read: the same lines and location as `underlying`, but the work failed, so the
/// command exits 1 whatever kind of error it was.
public struct FailedWork: MFSweepError {
    /// What went wrong.
    public var underlying: any MFSweepError

    /// The failure `underlying` caused.
    public init(_ underlying: any MFSweepError) { self.underlying = underlying }

    /// The underlying message.
    public var description: String { underlying.description }
    /// The underlying location.
    public var location: ErrorLocation? { underlying.location }
    /// The underlying lines.
    public var diagnosticLines: [String] { underlying.diagnosticLines }
    /// The work failed.
    public var exitStatus: ExitStatus { .failure }

    /// Runs `work`, turning the user-facing errors it throws into failures of the work.
    public static func during<T>(_ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch let error as FailedWork {
            throw error
        } catch let error as any MFSweepError {
            throw FailedWork(error)
        }
    }
}
