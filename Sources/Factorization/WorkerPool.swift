import Dispatch
import Synchronization

/// Runs a batch of independent tasks on up to `threads` threads and returns when all are done.
///
/// Tasks are handed out dynamically from a shared counter, so uneven tasks balance out; the
/// return of ``run(_:_:)`` is a join that orders every write made by a task before everything
/// the caller does next. That join is what lets the trainer's phases share ``FactorMatrix``
/// storage: within one call, tasks write disjoint rows; across calls, the join orders them.
public struct WorkerPool: Sendable {
    /// The most threads one call uses.
    public let threads: Int

    /// A pool of `threads` threads (at least 1).
    public init(threads: Int) {
        self.threads = max(1, threads)
    }

    /// The number of cores this process may use.
    public static var availableCores: Int {
        max(1, ProcessInfoLite.activeProcessorCount)
    }

    /// Calls `body(i)` once for each `i` in `0..<taskCount`, in parallel.
    public func run(_ taskCount: Int, _ body: (Int) -> Void) {
        if taskCount <= 0 { return }
        let workers = min(threads, taskCount)
        if workers == 1 {
            for i in 0..<taskCount { body(i) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            let box = TaskBody(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if i >= taskCount { break }
                    box.body(i)
                }
            }
        }
    }
}

/// Carries a task closure into `concurrentPerform`.
private struct TaskBody: @unchecked Sendable {
    // @unchecked Sendable: the closure is called concurrently only on task indices handed out
    // once each by the atomic counter; the trainer's tasks touch disjoint memory per index.
    let body: (Int) -> Void
    init(_ body: @escaping (Int) -> Void) { self.body = body }
}
