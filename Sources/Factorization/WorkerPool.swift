import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs batches of independent tasks on `threads` threads (the caller's plus `threads − 1`
/// workers it owns) and returns when every task of the batch is done.
///
/// A training step is a handful of batches a millisecond apart, so workers wait for the next
/// batch by spinning briefly, then yielding, then napping: waking a parked thread for each
/// batch (as `DispatchQueue.concurrentPerform` does) costs more than a batch's work. Tasks are
/// handed out from a shared counter, so uneven tasks balance out.
///
/// The return of ``run(_:_:)`` is a join: every write a task made happens-before whatever the
/// caller does next. That is what lets the trainer's phases share ``FactorMatrix`` storage:
/// within one batch tasks write disjoint rows; across batches the join orders them.
final class WorkerPool: @unchecked Sendable {
    // @unchecked Sendable: `job` and `taskCount` are written only by the caller of `run` while
    // no batch is open, published by the release increment of `generation`, and read by
    // workers after an acquire load of it; `run` does not return until every worker has
    // signalled `finished` (release) and the caller has observed it (acquire).

    /// The most threads one batch uses (the caller included).
    let threads: Int
    private let generation = Atomic<Int>(0)
    private let nextTask = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private var job: ((Int) -> Void)?
    private var taskCount = 0
    private var contiguous = false
    private var workers: [pthread_t] = []
    /// For a contiguous batch, each thread's share of the tasks still to take, as
    /// `front << 32 | back`: its owner takes from the front, others steal from the back.
    private let shares: UnsafeMutablePointer<Atomic<Int>>

    /// A pool of `threads` threads (at least 1); `threads − 1` workers start now.
    init(threads: Int) {
        self.threads = max(1, threads)
        shares = .allocate(capacity: self.threads)
        for t in 0..<self.threads { (shares + t).initialize(to: Atomic(0)) }
        for worker in 1..<self.threads {
            var thread = pthread_t()
            // Unretained: `deinit` joins every worker before the pool's memory goes away.
            let context = UnsafeMutablePointer<WorkerContext>.allocate(capacity: 1)
            context.initialize(to: WorkerContext(pool: Unmanaged.passUnretained(self), index: worker))
            let status = pthread_create(
                &thread, nil,
                { raw in
                    let context = raw!.assumingMemoryBound(to: WorkerContext.self)
                    let (pool, index) = (context.pointee.pool, context.pointee.index)
                    context.deinitialize(count: 1)
                    context.deallocate()
                    pool.takeUnretainedValue().workerLoop(index: index)
                    return nil
                }, context)
            precondition(status == 0, "pthread_create failed (\(status))")
            workers.append(thread)
        }
    }

    /// Stops and joins the workers.
    deinit {
        stopping.store(true, ordering: .releasing)
        generation.wrappingAdd(1, ordering: .releasing)
        for thread in workers { pthread_join(thread, nil) }
        shares.deinitialize(count: threads)
        shares.deallocate()
    }

    /// Calls `body(i)` once for each `i` in `0..<taskCount`, in parallel, and returns when all
    /// calls have returned. Not reentrant: call it from one thread at a time.
    ///
    /// - Parameter contiguous: thread t first takes, in order, the range t·count/T ..<
    ///   (t+1)·count/T, instead of tasks handed out on demand; batches of equal tasks that touch
    ///   the same data phase after phase then keep that data in the same core's cache. A thread
    ///   done with its range takes the other ranges' last tasks, so a core slowed by another
    ///   process does not hold up the batch.
    func run(_ count: Int, contiguous: Bool = false, _ body: (Int) -> Void) {
        if count <= 0 { return }
        if workers.isEmpty || count == 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            job = body
            taskCount = count
            self.contiguous = contiguous
            nextTask.store(0, ordering: .relaxed)
            if contiguous {
                for t in 0..<threads {
                    shares[t].store((t * count / threads) << 32 | ((t + 1) * count / threads), ordering: .relaxed)
                }
            }
            finished.store(0, ordering: .relaxed)
            generation.wrappingAdd(1, ordering: .releasing)
            work(body, count, contiguous, index: 0)
            var spins = 0
            while finished.load(ordering: .acquiring) < workers.count {
                spins += 1
                if spins > 4096 { sched_yield() }
            }
            job = nil
        }
    }

    private func work(_ body: (Int) -> Void, _ count: Int, _ contiguous: Bool, index: Int) {
        if contiguous {
            while let i = take(from: index, front: true) { body(i) }
            for other in 1..<threads {
                let victim = (index + other) % threads
                while let i = take(from: victim, front: false) { body(i) }
            }
            return
        }
        while true {
            let i = nextTask.wrappingAdd(1, ordering: .relaxed).oldValue
            if i >= count { return }
            body(i)
        }
    }

    /// Takes the first (`front`) or last task left in thread `t`'s share, if any.
    private func take(from t: Int, front: Bool) -> Int? {
        var state = shares[t].load(ordering: .relaxed)
        while true {
            let lo = state >> 32
            let hi = state & 0xFFFF_FFFF
            if lo >= hi { return nil }
            let next = front ? (lo + 1) << 32 | hi : lo << 32 | (hi - 1)
            let (exchanged, original) = shares[t].compareExchange(
                expected: state, desired: next, ordering: .relaxed)
            if exchanged { return front ? lo : hi - 1 }
            state = original
        }
    }

    private func workerLoop(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                spins += 1
                if spins > 20_000 {
                    var nap = timespec(tv_sec: 0, tv_nsec: 200_000)
                    nanosleep(&nap, nil)
                } else if spins > 2_000 {
                    sched_yield()
                }
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            if stopping.load(ordering: .acquiring) { return }
            if let job { work(job, taskCount, contiguous, index: index) }
            finished.wrappingAdd(1, ordering: .releasing)
        }
    }
}

/// What a new worker thread needs: its pool and its index (1 ..< threads).
private struct WorkerContext {
    let pool: Unmanaged<WorkerPool>
    let index: Int
}
