public import Core

/// A sweep's parameters warped onto the unit cube [0, 1]^d, the coordinates `gaussian` and
/// `bayes` search in: one axis per swept parameter in name order (log scale for the log forms,
/// index order for categoricals, bins for integers, the normal probability for the normal
/// forms; see ``Distribution/value(atUnit:)``). Constants and one-value parameters are not
/// axes; they are added back to every config. A categorical's `probabilities` shape only the
/// random start-up draws: on its axis every value has an equal share.
public struct SearchSpace: Sendable, Equatable {
    /// The swept parameters' names, one per axis, in name order.
    public let names: [String]
    /// The swept parameters' distributions, one per axis.
    public let distributions: [Distribution]
    /// The parameters that never vary, with their values.
    public let constants: [String: ParameterValue]
    /// Per axis: true when the parameter takes separated values (see
    /// ``Distribution/isDiscreteInUnitCube``).
    public let isDiscrete: [Bool]

    /// The space of `spec`'s parameters.
    public init(_ spec: SweepSpec) {
        var names: [String] = []
        var distributions: [Distribution] = []
        var constants: [String: ParameterValue] = [:]
        for name in spec.parameterNames {
            let d = spec.parameters[name]!
            if d.isSwept {
                names.append(name)
                distributions.append(d)
            } else {
                constants[name] = d.value(atUnit: 0.5)
            }
        }
        self.names = names
        self.distributions = distributions
        self.constants = constants
        isDiscrete = distributions.map(\.isDiscreteInUnitCube)
    }

    /// The number of axes.
    public var dimension: Int { names.count }

    /// The unit point of `config`, or nil when it lacks a swept parameter or has a value that
    /// cannot be placed (see ``Distribution/unitCoordinate(of:)``). Other keys are ignored.
    public func point(for config: [String: ParameterValue]) -> [Double]? {
        var point: [Double] = []
        point.reserveCapacity(dimension)
        for (name, d) in zip(names, distributions) {
            guard let v = config[name], let u = d.unitCoordinate(of: v) else { return nil }
            point.append(u)
        }
        return point
    }

    /// The config at unit point `point` (one coordinate per axis, clamped into [0, 1]), with
    /// the constants.
    public func config(at point: [Double]) -> [String: ParameterValue] {
        precondition(point.count == dimension, "a point needs \(dimension) coordinates, got \(point.count)")
        var config = constants
        for (i, name) in names.enumerated() {
            config[name] = distributions[i].value(atUnit: point[i])
        }
        return config
    }

    /// `point` moved to the unit point of the config it stands for: discrete axes to their
    /// value's coordinate, continuous ones clamped into [0, 1].
    public func snapped(_ point: [Double]) -> [Double] {
        var out = point
        for i in 0..<dimension {
            out[i] = snappedCoordinate(point[i], axis: i)
        }
        return out
    }

    /// Coordinate `u` of axis `axis` snapped as in ``snapped(_:)``.
    func snappedCoordinate(_ u: Double, axis: Int) -> Double {
        let clamped = min(max(u, 0), 1)
        guard isDiscrete[axis] else { return clamped }
        let d = distributions[axis]
        return d.unitCoordinate(of: d.value(atUnit: clamped)) ?? clamped
    }
}
