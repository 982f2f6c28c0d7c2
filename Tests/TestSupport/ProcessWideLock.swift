import Foundation

/// A lock that tests hold while they use state the whole test process shares.
///
/// `swift test` runs every suite of every test target in one process, in parallel, and
/// `.serialized` orders the tests of one suite only. Tests in different suites that touch the
/// same process-wide state take the same lock around that use.
public final class ProcessWideLock: Sendable {
    /// For tests that run an agent loop or ask it to stop: `StopSignal` is one flag for the
    /// whole process, so a stop meant for one test's agent would stop any other running then.
    public static let stopSignal = ProcessWideLock()

    private let lock = NSLock()

    /// Creates a lock; share it through a `static let`.
    public init() {}

    /// Runs `body` while holding the lock.
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
