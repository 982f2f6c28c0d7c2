import Foundation
import Synchronization
import Testing

@testable import Factorization

/// The trainer's thread pool: every task of a batch runs exactly once, and in a contiguous
/// batch a thread done with its own range takes what another thread has not started.
struct WorkerPoolTests {
    @Test(arguments: [1, 2, 3, 4])
    func everyTaskRunsExactlyOnce(threads: Int) {
        let pool = WorkerPool(threads: threads)
        for contiguous in [false, true] {
            for count in [0, 1, 2, 3, 7, 64, 101] {
                let runs = Mutex([Int](repeating: 0, count: count))
                pool.run(count, contiguous: contiguous) { i in runs.withLock { $0[i] += 1 } }
                let counts = runs.withLock { $0 }
                #expect(counts.allSatisfy { $0 == 1 }, "\(threads) threads, \(count) tasks, contiguous \(contiguous)")
            }
        }
    }

    /// Task 0 (the caller's, first of its range) waits until task 3, the last of the same
    /// range, has run: only a thread that steals it can run it, so without stealing the batch
    /// would wait out the 10 s limit and fail.
    @Test func aThreadDoneWithItsRangeTakesTheRestOfAnother() {
        let pool = WorkerPool(threads: 2)
        let lastDone = Atomic<Bool>(false)
        let waitedOut = Atomic<Bool>(false)
        pool.run(8, contiguous: true) { i in
            if i == 0 {
                let deadline = Date().addingTimeInterval(10)
                while !lastDone.load(ordering: .acquiring) {
                    if Date() > deadline {
                        waitedOut.store(true, ordering: .relaxed)
                        return
                    }
                    usleep(1000)
                }
            }
            if i == 3 { lastDone.store(true, ordering: .releasing) }
        }
        let stolen = !waitedOut.load(ordering: .relaxed)
        #expect(stolen, "task 3 was not taken while task 0 ran")
    }
}
