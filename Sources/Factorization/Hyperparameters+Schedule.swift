public import Core

extension Hyperparameters {
    /// The learning rate at step `i` (0-based): alpha · decay_pct^floor((1 + i) / period_length).
    public func learningRate(at i: Int) -> Double {
        let periods = (Double(1 + i) / periodLength).rounded(.down)
        // Beyond 2⁴⁰ periods any decay below 1 has long reached 0 (and a huge count must not
        // turn into a huge loop).
        guard periods < 0x1p40 else { return decayPct == 1 ? alpha : 0 }
        return alpha * power(decayPct, Int(periods))
    }
}
