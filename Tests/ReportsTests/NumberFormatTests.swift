import Core
import Foundation
import Testing

@testable import Reports

/// Charts write their numbers without `String(format:)`; they must write exactly what it does.
struct NumberFormatTests {
    /// Random values over many magnitudes, plus exact ties at one and four decimals.
    static let values: [Double] = {
        var rng = SeededGenerator(seed: 7, stream: "number-format")
        var out: [Double] = [0, -0.0, 0.05, 0.25, -0.25, 0.35, 2.5, 1e-7, -1e-7, 123_456_789.125, 0.00005, 1.00005]
        for _ in 0..<20_000 {
            let magnitude = Double(rng.nextIndex(below: 18)) - 8
            let mantissa = Double(rng.nextIndex(below: 2_000_000)) / 1_000_000 - 1
            out.append(mantissa * pow(10, magnitude))
            // Halves of the last printed digit: printf decides these by the exact binary value.
            out.append(Double(rng.nextIndex(below: 200_000) - 100_000) / 10 + 0.05)
            out.append(Double(rng.nextIndex(below: 200_000)) / 10_000 + 0.00005)
        }
        return out
    }()

    @Test(arguments: ["%.1f", "%.4f", "%.2f", "%.4g", "%.3gk", "%+.2f", "%.6g"])
    func printfWritesWhatStringFormatWrites(format: String) {
        var mismatches: [String] = []
        for v in Self.values {
            let ours = NumberFormat.printf(format, v)
            let theirs = String(format: format, v)
            if ours != theirs && mismatches.count < 5 { mismatches.append("\(v): \(ours) vs \(theirs)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        // Colours are written as `#%02x%02x%02x` would write them.
        #expect(ChartColors.viridis(0) == "#440154" && ChartColors.viridis(1) == "#aadc32")
    }

    @Test(arguments: 0...7)
    func fixedDecimalsAreWhatPrintfWrites(decimals: Int) {
        var mismatches: [String] = []
        for v in Self.values + [1e15, -1e16, 0.5, 1.5, 2.5, -2.5, 0.125, 0.0625, 9.99995, 0.99999995] {
            let ours = decimals == 1 ? SVGPlot.f(v) : NumberFormat.fixed(v, decimals: decimals)
            let theirs = String(format: "%.\(decimals)f", v)
            if ours != theirs && mismatches.count < 5 { mismatches.append("\(v): \(ours) vs \(theirs)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}
