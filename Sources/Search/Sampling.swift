public import Core

/// Picks the next config of a sweep with the sweep's method.
public enum Sampling {
    /// The config for run `runNumber`, given the sweep's runs so far (`history`: every run, with
    /// its state and metric, running ones included); nil when the method has nothing left to
    /// propose (an exhausted grid).
    ///
    /// - random: a pure function of the seed and the run number (``RandomSampler``);
    /// - grid: the first point no run has taken, whatever its state (``GridSampler``);
    /// - gaussian: ``GaussianSampler``; bayes: ``BayesSampler`` (both random for their first
    ///   runs, then learning from the values in `history`).
    public static func nextConfig(spec: SweepSpec, runNumber: Int, history: [Trial]) -> [String: ParameterValue]? {
        switch spec.method {
        case .random: RandomSampler.config(for: runNumber, spec: spec)
        case .grid: GridSampler.next(spec: spec, taken: history.map(\.config))
        case .gaussian: GaussianSampler.config(for: runNumber, spec: spec, history: history)
        case .bayes: BayesSampler.config(for: runNumber, spec: spec, history: history)
        }
    }

    /// The config for run `runNumber`, given only the configs of the sweep's runs so far
    /// (`taken`, including running ones); nil when the method has nothing left to propose (an
    /// exhausted grid). Random search ignores `taken`.
    ///
    /// Without states and metrics, `gaussian` and `bayes` see every taken config as running, so
    /// they propose their random start-up configs: use ``nextConfig(spec:runNumber:history:)``.
    public static func nextConfig(
        spec: SweepSpec, runNumber: Int, taken: [[String: ParameterValue]]
    ) -> [String: ParameterValue]? {
        nextConfig(spec: spec, runNumber: runNumber, history: taken.map { Trial(config: $0, state: .running) })
    }
}
