public import Core

/// Random search: each run draws every parameter independently from its distribution.
public struct RandomSampler {
    /// The config of run `runNumber` of `spec`: a pure function of the sweep's seed, the run
    /// number and the parameters, so run k of a sweep with seed s always gets the same config,
    /// whichever agent claims it and whatever ran before.
    ///
    /// Draws come from `SeededGenerator(seed: spec.seed, stream: "random.run.\(runNumber)")`, one
    /// parameter after another in name order (constants draw nothing).
    public static func config(for runNumber: Int, spec: SweepSpec) -> [String: ParameterValue] {
        var rng = SeededGenerator(seed: spec.seed, stream: "random.run.\(runNumber)")
        var config: [String: ParameterValue] = [:]
        for name in spec.parameterNames {
            config[name] = spec.parameters[name]!.sample(using: &rng)
        }
        return config
    }
}
