import Foundation

/// A chart axis: a value range mapped onto pixels, linear or base-10 logarithmic, with "nice"
/// tick values (1, 2, 5 × 10ⁿ steps; decades and their 2× and 5× on a log axis).
struct AxisScale: Sendable {
    /// The range's ends (after rounding out to ticks on a linear axis).
    let low: Double
    let high: Double
    /// Whether the axis is logarithmic.
    let logarithmic: Bool
    /// Tick values, increasing.
    let ticks: [Double]
    /// Digits after the decimal point in tick labels (linear axes).
    private let decimals: Int

    /// A scale covering `values` with about `count` ticks. A log axis needs positive values
    /// spanning at least a factor of 5; otherwise the axis is linear.
    init(covering values: [Double], count: Int = 5, logarithmic wantsLog: Bool = false, includeZero: Bool = false) {
        let finite = values.filter(\.isFinite)
        var lo = finite.min() ?? 0
        var hi = finite.max() ?? 1
        if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        if wantsLog, lo > 0, hi / lo >= 5 {
            logarithmic = true
            // The 1-2-5 sequence around the range; the axis rounds out to its neighbours.
            var candidates: [Double] = []
            var e = floor(log10(lo)) - 1
            while e <= ceil(log10(hi)) + 1 {
                for m in [1.0, 2, 5] { candidates.append(m * pow(10, e)) }
                e += 1
            }
            let a = candidates.last { $0 <= lo * 1.000001 } ?? lo
            let b = candidates.first { $0 >= hi / 1.000001 } ?? hi
            var ticks = candidates.filter { $0 >= a && $0 <= b }
            if ticks.count > 8 {
                ticks = ticks.filter { abs(log10($0).rounded() - log10($0)) < 1e-9 || $0 == a || $0 == b }
            }
            low = a
            high = b
            self.ticks = ticks
            decimals = 0
            return
        }
        logarithmic = false
        if hi == lo {
            let pad = lo == 0 ? 1 : abs(lo) * 0.05
            lo -= pad
            hi += pad
        }
        let raw = (hi - lo) / Double(max(1, count))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        low = floor(lo / step + 1e-9) * step
        high = ceil(hi / step - 1e-9) * step
        var ticks: [Double] = []
        var t = low
        while t <= high + step * 1e-6 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        self.ticks = ticks
        decimals = max(0, Int(-floor(log10(step) + 1e-9)) + (step / magnitude == 2.5 ? 1 : 0))
    }

    /// Where `v` falls, from 0 (low) to 1 (high).
    func fraction(_ v: Double) -> Double {
        if logarithmic {
            let a = log10(low)
            let b = log10(high)
            return b == a ? 0.5 : (log10(max(v, low * 1e-3)) - a) / (b - a)
        }
        return high == low ? 0.5 : (v - low) / (high - low)
    }

    /// A tick's label.
    func label(_ v: Double) -> String {
        if logarithmic { return Self.compact(v) }
        if abs(v) >= 10_000 { return Self.compact(v) }
        return NumberFormat.fixed(v, decimals: decimals)
    }

    /// `v` in at most four significant digits, with k/M suffixes for large values.
    static func compact(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e6 { return NumberFormat.printf("%.3gM", v / 1e6) }
        if a >= 1e4 { return NumberFormat.printf("%.3gk", v / 1e3) }
        return NumberFormat.significant(v)
    }
}
