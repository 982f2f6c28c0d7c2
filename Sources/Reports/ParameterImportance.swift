import Core
import Factorization

/// How much one swept parameter matters to the metric (the book's Figure 10-6 reading).
public struct ParameterImportance: Sendable, Equatable, Codable {
    /// The parameter's name.
    public var parameter: String
    /// The fraction of the metric's variance its main effect explains (fANOVA over a random
    /// forest fitted to the finished runs), in [0, 1].
    public var importance: Double
    /// Spearman's rank correlation of the parameter with the metric (nil for non-numeric
    /// parameters or when undefined).
    public var spearman: Double?
    /// A sentence such as "smaller emb_dim is better".
    public var direction: String

    enum CodingKeys: String, CodingKey {
        case parameter, importance, spearman, direction
    }

    /// Importances of `parameters` over the finished runs with a metric, most important first;
    /// empty with fewer than 5 such runs.
    ///
    /// Numeric parameters are scaled to [0, 1] over their observed range; other values are
    /// coded by their order of first appearance. The forest is seeded, so the result is
    /// reproducible.
    /// - Complexity: O(trees · p · n log n · depth) for n runs and p parameters.
    public static func compute(
        runs: [RunSummary], parameters: [String], minimizing: Bool, seed: UInt64 = 0
    ) -> [ParameterImportance] {
        let usable = runs.filter { run in
            run.state == "finished" && run.metric?.isFinite == true
                && parameters.allSatisfy { run.config[$0] != nil }
        }
        guard usable.count >= 5, !parameters.isEmpty else { return [] }
        let y = usable.map { $0.metric! }
        var columns: [[Double]] = []
        var numeric: [Bool] = []
        for name in parameters {
            let values = usable.map { $0.config[name]! }
            if values.allSatisfy({ $0.number != nil }) {
                let xs = values.map { $0.number! }
                let lo = xs.min()!
                let hi = xs.max()!
                columns.append(xs.map { hi > lo ? ($0 - lo) / (hi - lo) : 0.5 })
                numeric.append(true)
            } else {
                var codes: [String: Int] = [:]
                for v in values where codes[v.description] == nil { codes[v.description] = codes.count }
                let top = Double(max(1, codes.count - 1))
                columns.append(values.map { Double(codes[$0.description]!) / top })
                numeric.append(false)
            }
        }
        let x = usable.indices.map { i in columns.map { $0[i] } }
        let effects = RandomForest(x: x, y: y, seed: seed).mainEffects()
        var out: [ParameterImportance] = []
        for (j, name) in parameters.enumerated() {
            let rho = numeric[j] ? Statistics.spearman(columns[j], y) : nil
            let direction: String
            if numeric[j] {
                if let rho, abs(rho) >= 0.2 {
                    let smallerIsBetter = (rho > 0) == minimizing
                    direction = "\(smallerIsBetter ? "smaller" : "larger") \(name) is better"
                } else {
                    direction = "no clear direction"
                }
            } else {
                let groups = Dictionary(grouping: usable.indices, by: { usable[$0].config[name]!.description })
                let means = groups.mapValues { idx in Statistics.mean(idx.map { y[$0] }) }
                let best = means.min { a, b in
                    minimizing ? (a.value, a.key) < (b.value, b.key) : (a.value, b.key) > (b.value, a.key)
                }!
                direction = "\(name) = \(best.key) is best on average"
            }
            out.append(
                ParameterImportance(
                    parameter: name, importance: min(1, max(0, effects[j])), spearman: rho, direction: direction))
        }
        return out.sorted {
            $0.importance != $1.importance ? $0.importance > $1.importance : $0.parameter < $1.parameter
        }
    }
}
