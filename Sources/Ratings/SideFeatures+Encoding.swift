/// A feature's raw values, one per entity, before encoding (nil: missing).
enum RawFeature {
    /// Labels, encoded as codes.
    case categorical(name: String, values: [String?])
    /// Numbers, normalised.
    case continuous(name: String, values: [Double?])
    /// A set of labels per entity (genres), encoded as one 0/1 continuous column per label,
    /// named `NAME=LABEL`, in `labels` order.
    case multiHot(name: String, labels: [String], values: [Set<Int>?])
}

extension SideFeatures.Block {
    /// The block of `features` for `count` entities.
    ///
    /// - Complexity: O(count · features + levels · log levels).
    init(count: Int, features: [RawFeature]) {
        var categorical: [(SideFeatures.Categorical, [Int32])] = []
        var continuous: [(SideFeatures.Continuous, [Float])] = []
        for feature in features {
            switch feature {
            case .categorical(let name, let values):
                categorical.append(Self.encodeCategorical(name: name, values))
            case .continuous(let name, let values):
                continuous.append(Self.encodeContinuous(name: name, values))
            case .multiHot(let name, let labels, let values):
                for (k, label) in labels.enumerated() {
                    let column = values.map { set in set.map { $0.contains(k) ? 1.0 : 0.0 } }
                    continuous.append(Self.encodeContinuous(name: "\(name)=\(label)", column))
                }
            }
        }
        var codes = [Int32](repeating: 0, count: count * categorical.count)
        for (f, column) in categorical.enumerated() {
            for e in 0..<count { codes[e * categorical.count + f] = column.1[e] }
        }
        var values = [Float](repeating: 0, count: count * continuous.count)
        for (f, column) in continuous.enumerated() {
            for e in 0..<count { values[e * continuous.count + f] = column.1[e] }
        }
        self.init(
            count: count, categorical: categorical.map(\.0), continuous: continuous.map(\.0), codes: codes,
            values: values)
    }

    /// Levels sorted (numerically when every value is a number, else by text); empty and nil
    /// values are code 0.
    static func encodeCategorical(name: String, _ values: [String?]) -> (SideFeatures.Categorical, [Int32]) {
        let distinct = Set(values.compactMap { $0 }.filter { !$0.isEmpty })
        let levels: [String]
        if distinct.allSatisfy({ Double($0) != nil }) {
            levels = distinct.sorted { (Double($0)!, $0) < (Double($1)!, $1) }
        } else {
            levels = distinct.sorted()
        }
        var index: [String: Int32] = [:]
        for (k, level) in levels.enumerated() { index[level] = Int32(k + 1) }
        let codes = values.map { $0.flatMap { index[$0] } ?? 0 }
        return (SideFeatures.Categorical(name: name, levels: levels), codes)
    }

    /// The mean and population standard deviation over the present values (std 1 when it is 0
    /// or there are none), and the values normalised with them, missing ones at 0.
    static func encodeContinuous(name: String, _ values: [Double?]) -> (SideFeatures.Continuous, [Float]) {
        let present = values.compactMap { $0 }
        let mean = present.isEmpty ? 0 : present.reduce(0, +) / Double(present.count)
        let variance =
            present.isEmpty ? 0 : present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count)
        let std = variance > 0 ? variance.squareRoot() : 1
        let feature = SideFeatures.Continuous(name: name, mean: mean, std: std)
        return (feature, values.map(feature.normalise))
    }
}
