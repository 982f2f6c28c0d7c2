public import Factorization

/// Picks the next config of a sweep with the sweep's method.
public enum Sampling {
    /// The config for run `runNumber`, given the configs of the sweep's runs so far (`taken`,
    /// including running ones); nil when the method has nothing left to propose (an exhausted
    /// grid). Random search ignores `taken`: its configs depend only on the seed and the run
    /// number.
    public static func nextConfig(
        spec: SweepSpec, runNumber: Int, taken: [[String: ParameterValue]]
    ) -> [String: ParameterValue]? {
        switch spec.method {
        case .random: RandomSampler.config(for: runNumber, spec: spec)
        case .grid: GridSampler.next(spec: spec, taken: taken)
        }
    }
}
