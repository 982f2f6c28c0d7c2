public import Core

/// Grid search with W&B's semantics: the parameters in name order, the product of their grid
/// values in that order (the last name varies fastest), each point proposed once.
public struct GridSampler {
    /// The first grid point equal to none of `taken` (the configs of the sweep's runs so far,
    /// running or done), or nil when the grid is exhausted or a parameter is not discrete.
    ///
    /// Values compare numerically (`.int(2)` equals `.double(2.0)`); keys of a taken config that
    /// are not parameters of the sweep are ignored, and a taken config missing a parameter
    /// matches no point.
    ///
    /// - Complexity: O(|taken|·P + k·P), where k is the number of points skipped.
    public static func next(spec: SweepSpec, taken: [[String: ParameterValue]]) -> [String: ParameterValue]? {
        let names = spec.parameterNames
        guard let axes = axes(spec) else { return nil }
        let keys = axes.map { $0.map(ValueKey.init) }
        var seen = Set<[ValueKey]>()
        for config in taken {
            var point: [ValueKey] = []
            for name in names {
                guard let v = config[name] else { break }
                point.append(ValueKey(v))
            }
            if point.count == names.count { seen.insert(point) }
        }
        let total = size(spec: spec)
        var index = 0
        while index < total {
            var digits = [Int](repeating: 0, count: axes.count)
            var rest = index
            for a in axes.indices.reversed() {
                digits[a] = rest % axes[a].count
                rest /= axes[a].count
            }
            let point = digits.enumerated().map { keys[$0.offset][$0.element] }
            if !seen.contains(point) {
                var config: [String: ParameterValue] = [:]
                for (a, name) in names.enumerated() { config[name] = axes[a][digits[a]] }
                return config
            }
            index += 1
        }
        return nil
    }

    /// The number of grid points (the product of the parameters' grid sizes, capped at
    /// `Int.max`); 0 when a parameter is not discrete.
    public static func size(spec: SweepSpec) -> Int {
        guard let axes = axes(spec) else { return 0 }
        var total = 1
        for axis in axes {
            let (product, overflow) = total.multipliedReportingOverflow(by: axis.count)
            if overflow { return .max }
            total = product
        }
        return total
    }

    /// Each parameter's grid values, in name order.
    private static func axes(_ spec: SweepSpec) -> [[ParameterValue]]? {
        var axes: [[ParameterValue]] = []
        for name in spec.parameterNames {
            guard let values = spec.parameters[name]!.gridValues, !values.isEmpty else { return nil }
            axes.append(values)
        }
        return axes
    }
}
