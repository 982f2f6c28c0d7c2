import Core

extension SweepDecoder {
    /// The keys each distribution accepts besides `distribution`, and those it requires.
    private static let distributionKeys: [String: (accepted: [String], required: [String])] = [
        "constant": (["value"], ["value"]),
        "categorical": (["values", "probabilities"], ["values"]),
        "int_uniform": (["min", "max"], ["min", "max"]),
        "uniform": (["min", "max"], ["min", "max"]),
        "q_uniform": (["min", "max", "q"], ["min", "max"]),
        "log_uniform_values": (["min", "max"], ["min", "max"]),
        "q_log_uniform_values": (["min", "max", "q"], ["min", "max"]),
        "inv_log_uniform_values": (["min", "max"], ["min", "max"]),
        "normal": (["mu", "sigma"], []),
        "q_normal": (["mu", "sigma", "q"], []),
        "log_normal": (["mu", "sigma"], []),
        "q_log_normal": (["mu", "sigma", "q"], []),
    ]

    /// Probabilities must sum to 1 within this.
    static let probabilityTolerance = 1e-6

    /// The `parameters` object: every parameter's distribution, checked against the trainer's
    /// names (unless the sweep runs a command) and against grid search's needs.
    mutating func parameters(
        _ node: JSONNode, _ path: JSONPath, method: SearchMethod, runsCommand: Bool
    ) -> [String: Distribution] {
        guard let members = object(node, path, expected: "an object of parameters") else { return [:] }
        if members.isEmpty {
            report("parameters must not be empty", node, path)
            return [:]
        }
        var out: [String: Distribution] = [:]
        for m in members {
            let p = path.appending(m.key)
            if runsCommand {
                if !Self.isCommandParameterName(m.key) {
                    report(
                        "parameter names start with a letter or '_' and contain only letters, digits, '_', '.' and '-'",
                        at: m.keyPosition, p)
                }
            } else if !Hyperparameters.names.contains(m.key) {
                report(
                    "unknown parameter '\(m.key)' for the trainer; known: \(Hyperparameters.names.joined(separator: ", ")) "
                        + "(a sweep with program or command may use any name)", at: m.keyPosition, p)
            }
            guard let d = distribution(m.value, p) else { continue }
            if !runsCommand && Hyperparameters.names.contains(m.key) {
                checkTrainerValues(m.key, d, m.value, p)
            }
            if method == .grid { checkGrid(m.key, d, m.value, p) }
            out[m.key] = d
        }
        if !runsCommand, case .constant(.string(Hyperparameters.Optimizer.als.rawValue))? = out["optimizer"] {
            for m in members where Hyperparameters.ignoredByALS.contains(m.key) {
                report(
                    "\(m.key) does not apply to optimizer als, which solves each row exactly and has no learning "
                        + "rate, schedule or moments; remove it (als ignores \(Hyperparameters.ignoredByALS.joined(separator: ", ")))",
                    at: m.keyPosition, path.appending(m.key))
            }
        }
        return out
    }

    /// W&B's rule for parameter names: `^[A-Za-z_][A-Za-z0-9_.-]*$`.
    static func isCommandParameterName(_ name: String) -> Bool {
        func letter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, letter(first) else { return false }
        return scalars.dropFirst().allSatisfy { letter($0) || ($0 >= "0" && $0 <= "9") || $0 == "." || $0 == "-" }
    }

    private static func article(_ word: String) -> String {
        let vowels: Set<Character> = ["a", "e", "i", "o"]  // "a uniform", "an int_uniform"
        return (word.first.map(vowels.contains) ?? false) ? "an \(word)" : "a \(word)"
    }

    // MARK: One parameter

    /// The distribution that the parameter object `node` describes, inferred as W&B does when
    /// `distribution` is absent: `value` → constant, `values` → categorical, integer `min` and
    /// `max` → int_uniform, other `min`/`max` → uniform.
    mutating func distribution(_ node: JSONNode, _ path: JSONPath) -> Distribution? {
        guard let members = node.members else {
            report(
                "expected an object such as {\"value\": 1}, {\"values\": [1, 2]} or {\"min\": 0, \"max\": 1}, "
                    + "got \(node.kindDescription)", node, path)
            return nil
        }
        if let nested = node["parameters"] {
            report("nested parameters are not supported", at: nested.keyPosition, path.appending("parameters"))
            return nil
        }
        let kind: String
        if let d = node["distribution"] {
            let p = path.appending("distribution")
            guard let s = string(d.value, p) else { return nil }
            if Self.distributionKeys[s] != nil {
                kind = s
            } else if s == "categorical_w_probabilities" {
                kind = "categorical"
            } else if ["log_uniform", "q_log_uniform", "inv_log_uniform"].contains(s) {
                report(
                    "distribution '\(s)' takes its bounds as logarithms and is not supported; "
                        + "use '\(s)_values' with the bounds themselves", d.value, p)
                return nil
            } else {
                report(
                    "unknown distribution '\(s)'; accepted: \(Distribution.names.joined(separator: ", "))", d.value, p)
                return nil
            }
        } else if node["value"] != nil {
            kind = "constant"
        } else if node["values"] != nil {
            kind = "categorical"
        } else if node["min"] != nil || node["max"] != nil {
            let integral = [node["min"], node["max"]].allSatisfy { $0 == nil || $0!.value.isIntegerToken }
            kind = integral ? "int_uniform" : "uniform"
        } else {
            report("a parameter needs value, values, min and max, or a distribution", node, path)
            return nil
        }

        let keys = Self.distributionKeys[kind]!
        let context = "for \(Self.article(kind)) parameter"
        let before = diagnostics.count
        rejectUnknownKeys(members, accepted: ["distribution"] + keys.accepted, path, in: context)
        for key in keys.required { _ = require(key, in: node, path, context) }
        guard diagnostics.count == before else { return nil }

        switch kind {
        case "constant":
            return parameterValue(node["value"]!.value, path.appending("value")).map { .constant($0) }
        case "categorical":
            return categorical(node, path)
        case "int_uniform":
            return intUniform(node, path)
        case "normal", "q_normal", "log_normal", "q_log_normal":
            return normal(kind, node, path)
        default:
            return bounded(kind, node, path)
        }
    }

    private mutating func categorical(_ node: JSONNode, _ path: JSONPath) -> Distribution? {
        let vp = path.appending("values")
        let valuesNode = node["values"]!.value
        guard case .array(let elements) = valuesNode.value else {
            report("expected an array of values, got \(valuesNode.kindDescription)", valuesNode, vp)
            return nil
        }
        guard !elements.isEmpty else {
            report("values must not be empty", valuesNode, vp)
            return nil
        }
        var values: [ParameterValue] = []
        for (i, e) in elements.enumerated() {
            if let v = parameterValue(e, vp.appending(index: i)) { values.append(v) }
        }
        guard values.count == elements.count else { return nil }
        guard let m = node["probabilities"] else { return .categorical(values: values, probabilities: nil) }

        let pp = path.appending("probabilities")
        guard case .array(let ps) = m.value.value else {
            report("expected an array of probabilities, got \(m.value.kindDescription)", m.value, pp)
            return nil
        }
        guard ps.count == values.count else {
            report("probabilities and values must have the same length (\(ps.count) and \(values.count))", m.value, pp)
            return nil
        }
        var probabilities: [Double] = []
        for (i, e) in ps.enumerated() {
            let ip = pp.appending(index: i)
            guard let p = number(e, ip) else { continue }
            if p < 0 {
                report("probabilities must be ≥ 0, got \(e.tokenText)", e, ip)
            } else {
                probabilities.append(p)
            }
        }
        guard probabilities.count == ps.count else { return nil }
        let sum = probabilities.reduce(0, +)
        guard abs(sum - 1) <= Self.probabilityTolerance else {
            report("probabilities must sum to 1, got \(sum)", m.value, pp)
            return nil
        }
        return .categorical(values: values, probabilities: probabilities)
    }

    private mutating func intUniform(_ node: JSONNode, _ path: JSONPath) -> Distribution? {
        let lo = integer(node["min"]!.value, path.appending("min"), requirement: "an integer for int_uniform")
        let hi = integer(node["max"]!.value, path.appending("max"), requirement: "an integer for int_uniform")
        guard let lo, let hi else { return nil }
        guard lo < hi else {
            report("min must be less than max (\(lo) ≥ \(hi))", node["min"]!.value, path.appending("min"))
            return nil
        }
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        guard !overflow, span < Int.max else {
            report("the range \(lo)...\(hi) is too large", node, path)
            return nil
        }
        return .intUniform(min: lo, max: hi)
    }

    /// The quantisation step `q` (default 1, an integer) and whether it is an integer: written
    /// as one, and an `Int` (a larger one is taken as a real, so it is never converted to `Int`).
    private mutating func quantum(_ node: JSONNode, _ path: JSONPath) -> (q: Double, integral: Bool)? {
        guard let m = node["q"] else { return (1, true) }
        let p = path.appending("q")
        guard let q = number(m.value, p) else { return nil }
        guard q > 0 else {
            report("q must be greater than 0, got \(m.value.tokenText)", m.value, p)
            return nil
        }
        return (q, Self.isInt(m.value, q))
    }

    /// Whether `node`, whose value is `value`, is written as an integer and is exactly an `Int`.
    private static func isInt(_ node: JSONNode, _ value: Double) -> Bool {
        node.isIntegerToken && Int(exactly: value) != nil
    }

    private mutating func bounded(_ kind: String, _ node: JSONNode, _ path: JSONPath) -> Distribution? {
        let minNode = node["min"]!.value
        let maxNode = node["max"]!.value
        let lo = number(minNode, path.appending("min"))
        let hi = number(maxNode, path.appending("max"))
        let quantised = kind.hasPrefix("q_")
        let q = quantised ? quantum(node, path) : (1, false)
        guard let lo, let hi, let q else { return nil }
        let before = diagnostics.count
        if lo >= hi {
            report(
                "min must be less than max (\(minNode.tokenText) ≥ \(maxNode.tokenText))", minNode,
                path.appending("min"))
        } else if !(hi - lo).isFinite {
            report("the range from min to max is too large", node, path)
        }
        if kind.contains("log"), lo <= 0 {
            report("\(kind) needs min > 0, got \(minNode.tokenText)", minNode, path.appending("min"))
        }
        guard diagnostics.count == before else { return nil }
        let integral = q.integral && Self.isInt(minNode, lo) && Self.isInt(maxNode, hi)
        switch kind {
        case "uniform": return .uniform(min: lo, max: hi)
        case "q_uniform": return .qUniform(min: lo, max: hi, q: q.q, integral: integral)
        case "log_uniform_values": return .logUniformValues(min: lo, max: hi)
        case "q_log_uniform_values": return .qLogUniformValues(min: lo, max: hi, q: q.q, integral: integral)
        default: return .invLogUniformValues(min: lo, max: hi)
        }
    }

    private mutating func normal(_ kind: String, _ node: JSONNode, _ path: JSONPath) -> Distribution? {
        var ok = true
        var mu = 0.0
        var sigma = 1.0
        if let m = node["mu"] {
            if let v = number(m.value, path.appending("mu")) { mu = v } else { ok = false }
        }
        if let m = node["sigma"] {
            let p = path.appending("sigma")
            if let v = number(m.value, p) {
                if v > 0 {
                    sigma = v
                } else {
                    report("sigma must be greater than 0, got \(m.value.tokenText)", m.value, p)
                    ok = false
                }
            } else {
                ok = false
            }
        }
        let q = kind.hasPrefix("q_") ? quantum(node, path) : (1, false)
        guard ok, let q else { return nil }
        switch kind {
        case "normal": return .normal(mu: mu, sigma: sigma)
        case "q_normal": return .qNormal(mu: mu, sigma: sigma, q: q.q, integral: q.integral)
        case "log_normal": return .logNormal(mu: mu, sigma: sigma)
        default: return .qLogNormal(mu: mu, sigma: sigma, q: q.q, integral: q.integral)
        }
    }

    // MARK: Checks against the trainer and the method

    /// Checks what the trainer would make of the parameter's values: every constant and
    /// categorical value and both int_uniform bounds through ``Hyperparameters``, and for other
    /// distributions whether the parameter takes their kind of number at all.
    private mutating func checkTrainerValues(_ name: String, _ d: Distribution, _ node: JSONNode, _ path: JSONPath) {
        func check(_ value: ParameterValue, _ at: JSONNode, _ p: JSONPath) {
            do {
                try Hyperparameters.check(name, value)
            } catch {
                report(error.description, at, p)
            }
        }
        switch d {
        case .constant(let v):
            check(v, node["value"]!.value, path.appending("value"))
        case .categorical(let values, _):
            guard case .array(let elements) = node["values"]!.value.value else { return }
            for (i, (v, e)) in zip(values, elements).enumerated() {
                check(v, e, path.appending("values").appending(index: i))
            }
        case .intUniform(let lo, let hi):
            check(.int(lo), node["min"]!.value, path.appending("min"))
            check(.int(hi), node["max"]!.value, path.appending("max"))
        default:
            var h = Hyperparameters()
            do {
                try h.set(name, d.producesIntegers ? .int(1) : .double(0.5))
            } catch {
                if !d.producesIntegers, (try? h.set(name, .int(1))) != nil {
                    report(
                        "parameter \(name) takes integers, but \(Self.article(d.name)) distribution gives fractions; "
                            + "write min and max\(d.name.hasPrefix("q_") ? " and q" : "") as integers (15, not 15.0)",
                        node, path)
                } else {
                    report(
                        "parameter \(name) does not take numbers from \(Self.article(d.name)) distribution; use value or values",
                        node, path)
                }
            }
        }
    }

    private mutating func checkGrid(_ name: String, _ d: Distribution, _ node: JSONNode, _ path: JSONPath) {
        if !d.isDiscrete {
            report(
                "grid search needs discrete parameters, but '\(name)' is \(d.name); "
                    + "use value, values, int_uniform, q_uniform or q_log_uniform_values", node, path)
        } else if d.gridValues == nil {
            report("'\(name)' has more than \(Distribution.gridLimit) grid values", node, path)
        } else if case .categorical(_, let p) = d, p != nil, let m = node["probabilities"] {
            report("probabilities do not apply to grid search", at: m.keyPosition, path.appending("probabilities"))
        }
    }
}

extension JSONNode {
    /// The token of a number node as written; the kind description otherwise.
    var tokenText: String {
        if case .number(let t) = value { return t }
        return kindDescription
    }
}
