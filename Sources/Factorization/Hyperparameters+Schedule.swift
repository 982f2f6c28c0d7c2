public import Core

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Hyperparameters {
    /// The momentum ends of fastai's one-cycle policy (`moms=(0.95, 0.85, 0.95)`).
    public static let oneCycleMomentum = (high: 0.95, low: 0.85)

    /// The learning rate at step `i` (0-based), by ``schedule``:
    /// - `step`: alpha · decay_pct^floor((1 + i) / period_length), the book's;
    /// - `one_cycle`: at p = i / steps, a half-cosine from alpha/div to alpha while
    ///   p < pct_start, then from alpha to alpha/div_final (fastai's `combined_cos`);
    /// - `constant`: alpha.
    public func learningRate(at i: Int) -> Double {
        switch schedule {
        case .step:
            let periods = (Double(1 + i) / periodLength).rounded(.down)
            // Beyond 2⁴⁰ periods any decay below 1 has long reached 0 (and a huge count must not
            // turn into a huge loop).
            guard periods < 0x1p40 else { return decayPct == 1 ? alpha : 0 }
            return alpha * power(decayPct, Int(periods))
        case .oneCycle:
            return oneCycle(at: i, start: alpha / div, middle: alpha, end: alpha / divFinal)
        case .constant:
            return alpha
        }
    }

    /// The momentum at step `i` when the schedule cycles it (`one_cycle`: 0.95 → 0.85 → 0.95,
    /// replacing `momentum`, or Adam's `beta1`), else nil (the parameter's own value).
    public func cycledMomentum(at i: Int) -> Double? {
        guard schedule == .oneCycle else { return nil }
        let m = Self.oneCycleMomentum
        return oneCycle(at: i, start: m.high, middle: m.low, end: m.high)
    }

    /// fastai's `combined_cos(pct_start, start, middle, end)` at step `i` of ``steps``.
    private func oneCycle(at i: Int, start: Double, middle: Double, end: Double) -> Double {
        let p = Double(i) / Double(max(1, steps))
        func anneal(_ from: Double, _ to: Double, _ q: Double) -> Double {
            from + (1 + cos(Double.pi * (1 - q))) * (to - from) / 2
        }
        return p < pctStart
            ? anneal(start, middle, p / pctStart) : anneal(middle, end, min(1, (p - pctStart) / (1 - pctStart)))
    }
}
