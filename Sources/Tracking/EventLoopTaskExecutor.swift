import NIOCore

/// A task executor that runs jobs on one NIO event loop.
///
/// The store's API is synchronous, and commands call it from Swift concurrency's cooperative
/// threads. PostgresNIO connects only through `async` functions; run on the global executor,
/// their continuations would need a cooperative thread while the caller blocks one, and
/// parallel callers could block them all. Preferring this executor keeps the whole connect on
/// the connection's event loop, so a blocked caller never waits for itself.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
