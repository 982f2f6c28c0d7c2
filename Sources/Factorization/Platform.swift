#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few operating-system facts the kernel needs, without Foundation.
enum ProcessInfoLite {
    /// Online processors, respecting the CPU affinity mask where the platform has one.
    static var activeProcessorCount: Int {
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
}

/// The logistic function 1 / (1 + e^−x).
@inline(__always)
func sigmoid(_ x: Float) -> Float {
    1 / (1 + expf(-x))
}

/// The inverse of ``sigmoid(_:)``: log(p / (1 − p)).
func logit(_ p: Float) -> Float {
    logf(p / (1 - p))
}
