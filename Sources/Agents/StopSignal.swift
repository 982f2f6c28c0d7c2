import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM as a flag: the agent polls it between steps, flushes what it logged,
/// marks its run `stopped` and exits 0.
public enum StopSignal {
    static let requested = Atomic<Bool>(false)

    /// Installs handlers for SIGINT and SIGTERM that only set the flag (async-signal-safe).
    public static func install() {
        let handler: @convention(c) (Int32) -> Void = { _ in
            StopSignal.requested.store(true, ordering: .relaxed)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }

    /// Whether a stop was asked for.
    public static var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Asks for a stop from code (tests, the launcher).
    public static func request() { requested.store(true, ordering: .relaxed) }
}

extension StopSignal {
    /// Clears a stop request (for tests that run several agents in one process).
    static func reset() { requested.store(false, ordering: .relaxed) }
}
