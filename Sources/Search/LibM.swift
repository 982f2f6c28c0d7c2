#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's elementary functions, for the Gaussian-process math and the benchmark
/// functions. Their last bits may differ between C libraries, which only moves a `bayes`
/// proposal by rounding; what must reproduce bit for bit across platforms (the unit-cube
/// warping, the random draws) uses ``PortableMath`` instead.
enum LibM {
    @inline(__always) static func exp(_ x: Double) -> Double { cExp(x) }
    @inline(__always) static func log(_ x: Double) -> Double { cLog(x) }
    @inline(__always) static func log1p(_ x: Double) -> Double { cLog1p(x) }
    @inline(__always) static func expm1(_ x: Double) -> Double { cExpm1(x) }
    @inline(__always) static func erfc(_ x: Double) -> Double { cErfc(x) }
    @inline(__always) static func sin(_ x: Double) -> Double { cSin(x) }
    @inline(__always) static func cos(_ x: Double) -> Double { cCos(x) }
}

// The C functions under names that the members above do not shadow.
@inline(__always) private func cExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func cLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func cLog1p(_ x: Double) -> Double { log1p(x) }
@inline(__always) private func cExpm1(_ x: Double) -> Double { expm1(x) }
@inline(__always) private func cErfc(_ x: Double) -> Double { erfc(x) }
@inline(__always) private func cSin(_ x: Double) -> Double { sin(x) }
@inline(__always) private func cCos(_ x: Double) -> Double { cos(x) }
