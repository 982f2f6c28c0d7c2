import Core

extension SweepSpec {
    /// The spec as compact JSON with sorted keys and every default filled in: each parameter
    /// with an explicit `distribution`, the metric's canonical name, the data path resolved.
    /// Integers are written as integers and reals with a fraction, so parsing the text again
    /// (with the same ``baseDirectory``) gives an equal spec. This is what the run store keeps.
    public var canonicalJSON: String { canonical.text }

    var canonical: CanonicalJSON {
        var top: [String: CanonicalJSON] = [
            "name": .string(name),
            "method": .string(method.rawValue),
            "metric": metric.canonical,
            "parameters": .object(parameters.mapValues(\.canonical)),
            "seed": .int(seed),
        ]
        if let description { top["description"] = .string(description) }
        if let earlyTerminate { top["early_terminate"] = earlyTerminate.canonical }
        if let runCap { top["run_cap"] = .int(runCap) }
        if let program { top["program"] = .string(program) }
        if let command { top["command"] = .array(command.map { .string($0) }) }
        if let entity { top["entity"] = .string(entity) }
        if let project { top["project"] = .string(project) }
        if let data {
            top["data"] = data.canonical
            if let features, case .object(var m) = data.canonical {
                m.merge(features.canonical) { _, new in new }
                top["data"] = .object(m)
            }
        }
        if let validation { top["validation"] = validation.canonical }
        if let count { top["count"] = .int(count) }
        return .object(top)
    }
}

extension SweepMetric {
    var canonical: CanonicalJSON {
        var m: [String: CanonicalJSON] = ["name": .string(name), "goal": .string(goal.rawValue)]
        if let target { m["target"] = .double(target) }
        if let impute { m["impute"] = .string(impute.rawValue) }
        if let imputeWhileRunning { m["impute_while_running"] = .string(imputeWhileRunning.rawValue) }
        return .object(m)
    }
}

extension Distribution {
    var canonical: CanonicalJSON {
        var m: [String: CanonicalJSON] = ["distribution": .string(name)]
        func bound(_ x: Double, _ integral: Bool) -> CanonicalJSON { integral ? .int(Int(x)) : .double(x) }
        switch self {
        case .constant(let v):
            m["value"] = .value(v)
        case .categorical(let values, let probabilities):
            m["values"] = .array(values.map(CanonicalJSON.value))
            if let probabilities { m["probabilities"] = .array(probabilities.map(CanonicalJSON.double)) }
        case .intUniform(let lo, let hi):
            m["min"] = .int(lo)
            m["max"] = .int(hi)
        case .uniform(let lo, let hi), .logUniformValues(let lo, let hi), .invLogUniformValues(let lo, let hi):
            m["min"] = .double(lo)
            m["max"] = .double(hi)
        case .qUniform(let lo, let hi, let q, let integral), .qLogUniformValues(let lo, let hi, let q, let integral):
            m["min"] = bound(lo, integral)
            m["max"] = bound(hi, integral)
            m["q"] = bound(q, integral)
        case .normal(let mu, let sigma), .logNormal(let mu, let sigma):
            m["mu"] = .double(mu)
            m["sigma"] = .double(sigma)
        case .qNormal(let mu, let sigma, let q, let integral), .qLogNormal(let mu, let sigma, let q, let integral):
            m["mu"] = .double(mu)
            m["sigma"] = .double(sigma)
            m["q"] = bound(q, integral)
        }
        return .object(m)
    }
}

extension EarlyTermination {
    var canonical: CanonicalJSON {
        switch self {
        case .hyperband(let h):
            var m: [String: CanonicalJSON] = [
                "type": .string("hyperband"), "eta": .double(h.eta), "strict": .bool(h.strict),
            ]
            if let v = h.minIter { m["min_iter"] = .int(v) }
            if let v = h.maxIter { m["max_iter"] = .int(v) }
            if let v = h.s { m["s"] = .int(v) }
            return .object(m)
        case .median(let minIter):
            var m: [String: CanonicalJSON] = ["type": .string("median")]
            if let minIter { m["min_iter"] = .int(minIter) }
            return .object(m)
        case .wilcoxon(let w):
            var m: [String: CanonicalJSON] = ["type": .string("wilcoxon"), "p_value": .double(w.pValue)]
            if let v = w.minIter { m["min_iter"] = .int(v) }
            return .object(m)
        }
    }
}

extension DataSource {
    var canonical: CanonicalJSON {
        switch self {
        case .file(let path, let format, let duplicates):
            var m: [String: CanonicalJSON] = ["path": .string(path), "format": .string(format.name)]
            // Only when not the default, so specs stored before the key existed stay identical.
            if duplicates != .error { m["duplicates"] = .string(duplicates.name) }
            return .object(m)
        case .synthetic(let s):
            var m: [String: CanonicalJSON] = [
                "users": .int(s.users), "items": .int(s.items), "rank": .int(s.rank),
                "density": .double(s.density), "noise": .double(s.noise), "user_bias": .double(s.userBias),
                "item_bias": .double(s.itemBias), "mean": .double(s.mean), "seed": .int(s.seed),
                "round": .bool(s.round),
            ]
            // Only when not the default, so specs stored before the key existed stay identical.
            if s.popularity != .uniform { m["popularity"] = .string(s.popularity.description) }
            return .object(["synthetic": .object(m)])
        }
    }
}

extension SideFeatureRequest {
    /// The `data` members: `features`, and `user_features` / `item_features` when given.
    var canonical: [String: CanonicalJSON] {
        var m: [String: CanonicalJSON] = ["features": .array(names.map { .string($0) })]
        func file(_ f: SideFeatureFile) -> CanonicalJSON {
            var o: [String: CanonicalJSON] = ["path": .string(f.path)]
            switch f.key {
            case .name(let name): o["key"] = .string(name)
            case .number(let n): o["key"] = .int(n)
            }
            if let d = f.delimiter { o["delimiter"] = .string(d) }
            return .object(o)
        }
        if let f = userFile { m["user_features"] = file(f) }
        if let f = itemFile { m["item_features"] = file(f) }
        return m
    }
}

extension Validation {
    var canonical: CanonicalJSON {
        switch self {
        case .kFold(let k): .object(["folds": .int(k)])
        case .holdout(let f): .object(["holdout": .double(f)])
        case .prequential(let f): .object(["prequential": .double(f)])
        }
    }
}
