import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT, SIGTERM and SIGHUP as a flag: the agent polls it between steps, flushes what it
/// logged, marks its run `stopped` and exits 0; the launcher forwards it to its agents.
public enum StopSignal {
    static let requested = Atomic<Bool>(false)
    /// The launcher that started this agent (0: none is watched).
    static let parent = Atomic<Int32>(0)

    /// Installs handlers for SIGINT, SIGTERM and SIGHUP that only set the flag
    /// (async-signal-safe). SIGHUP is left alone when it is ignored (as under `nohup`), so an
    /// agent started that way runs on when its terminal closes.
    public static func install() {
        let handler: @convention(c) (Int32) -> Void = { _ in
            StopSignal.requested.store(true, ordering: .relaxed)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // SIG_IGN is the handler address 1 (on Linux and macOS).
        let previous = signal(SIGHUP, handler)
        if let previous, unsafeBitCast(previous, to: Int.self) == 1 { signal(SIGHUP, SIG_IGN) }
    }

    /// Stops this process too when process `pid` (the launcher that started it) is gone, as
    /// when the launcher was killed with SIGKILL: the agent then finds another parent.
    public static func stopWithParent(_ pid: Int32) {
        parent.store(pid, ordering: .relaxed)
    }

    /// Whether a stop was asked for, or the watched launcher is gone.
    public static var isRequested: Bool {
        if requested.load(ordering: .relaxed) { return true }
        let pid = parent.load(ordering: .relaxed)
        guard pid != 0, getppid() != pid else { return false }
        requested.store(true, ordering: .relaxed)
        return true
    }

    /// The environment variable through which the launcher tells its agents its process id.
    public static let launcherVariable = "MFSWEEP_LAUNCHER_PID"

    /// Asks for a stop from code (tests, the launcher).
    public static func request() { requested.store(true, ordering: .relaxed) }
}

extension StopSignal {
    /// Clears a stop request (for tests that run several agents in one process).
    static func reset() { requested.store(false, ordering: .relaxed) }
}
