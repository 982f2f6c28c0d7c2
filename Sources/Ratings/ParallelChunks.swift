import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the chunks of a large job (parsing a file, generating a table) on every core.
///
/// The chunks are fixed by the caller, independently of the number of threads, so a result
/// assembled in chunk order is the same on any machine.
enum ParallelChunks {
    /// Online processors (at least 1).
    static var processors: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Calls `body(chunk)` once for each chunk in `0..<count`, on up to ``processors`` threads,
    /// and returns when every call has returned.
    static func run(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 1, processors > 1 else {
            for chunk in 0..<count { body(chunk) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
}

/// A pointer handed to the chunks of ``ParallelChunks/run(_:_:)``, each of which writes a
/// disjoint range of it.
struct SharedPointer<T>: @unchecked Sendable {
    // @unchecked Sendable: the chunks that share it write disjoint elements, and `run` joins
    // them before anyone reads.
    let base: UnsafeMutablePointer<T>
}
