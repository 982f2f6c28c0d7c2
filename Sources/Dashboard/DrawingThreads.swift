import Dispatch
import Foundation
import Synchronization

/// The threads that read the store and draw pages for ``DashboardServer``, off the event loops
/// and the cooperative pool, so a slow page never stalls other requests.
///
/// They are the server's own: each lowers its priority to `nice` once, when it starts, and runs
/// nothing else. (libdispatch's global threads would run each job at its own priority again:
/// it resets a worker's priority for the quality of service of its next job, so a nice set for
/// one page would not last.)
final class DrawingThreads: Sendable {
    private let jobs = Mutex<[@Sendable () -> Void]>([])
    /// One signal per job queued.
    private let queued = DispatchSemaphore(value: 0)

    /// `count` threads (at least 1) at nice `nice` (see ``lowerThreadPriority(to:)``). They live
    /// as long as the process.
    init(count: Int, nice: Int) {
        for index in 0..<max(1, count) {
            let thread = Thread { [self] in
                Thread.current.name = "mfsweep-draw-\(index)"
                Self.lowerThreadPriority(to: nice)
                while true {
                    queued.wait()  // one signal per job appended: there is one to take
                    let job = jobs.withLock { $0.removeFirst() }
                    job()
                }
            }
            thread.start()
        }
    }

    /// Runs `body` on one of the threads and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(returning: body()) } }
            queued.signal()
        }
    }

    /// Sets the calling thread's nice value to `nice` unless it is already that or more (an
    /// unprivileged process can only lower its priority).
    static func lowerThreadPriority(to nice: Int) {
        #if os(Linux)
        // On Linux, process 0 is the calling thread (nice is a thread's attribute).
        let thread: id_t = 0
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let current = getpriority(which, thread)
        guard errno == 0, current < Int32(nice) else { return }
        _ = setpriority(which, thread, Int32(nice))
        #endif
    }
}
