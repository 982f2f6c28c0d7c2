import Core
import Foundation

extension SweepDecoder {
    // MARK: metric

    mutating func metric(_ node: JSONNode, _ path: JSONPath, runsCommand: Bool) -> SweepMetric? {
        guard let members = object(node, path) else { return nil }
        rejectUnknownKeys(
            members, accepted: ["name", "goal", "target", "impute", "impute_while_running"], path, in: "in metric")
        var metric = SweepMetric()
        var ok = true
        if let m = require("name", in: node, path, "in metric") {
            let p = path.appending("name")
            if let name = string(m.value, p, nonEmpty: true) {
                if runsCommand {
                    metric.name = name
                } else if let canonical = MetricName.canonical(name) {
                    metric.name = canonical
                } else {
                    report(
                        "unknown metric '\(name)' for the trainer; known: \(MetricName.all.joined(separator: ", ")) "
                            + "(or their snake_case spellings, e.g. test_omse_mean)", m.value, p)
                    ok = false
                }
            } else {
                ok = false
            }
        } else {
            ok = false
        }
        if let m = node["goal"] {
            let p = path.appending("goal")
            if let s = string(m.value, p) {
                if let goal = SweepMetric.Goal(rawValue: s) {
                    metric.goal = goal
                } else {
                    let accepted = SweepMetric.Goal.allCases.map(\.rawValue).joined(separator: ", ")
                    report("unknown goal '\(s)'; accepted: \(accepted)", m.value, p)
                    ok = false
                }
            } else {
                ok = false
            }
        }
        if let m = node["target"] {
            metric.target = number(m.value, path.appending("target"))
            ok = ok && metric.target != nil
        }
        if let m = node["impute"] {
            switch imputeRule(m.value, path.appending("impute"), acceptingFalse: false) {
            case .some(let rule): metric.impute = rule
            case .none: ok = false
            }
        }
        if let m = node["impute_while_running"] {
            switch imputeRule(m.value, path.appending("impute_while_running"), acceptingFalse: true) {
            case .some(let rule): metric.imputeWhileRunning = rule
            case .none: ok = false
            }
        }
        return ok ? metric : nil
    }

    /// An `impute` rule: `.some(nil)` for `"false"` (only where `acceptingFalse`), nil after a
    /// diagnostic.
    private mutating func imputeRule(_ node: JSONNode, _ path: JSONPath, acceptingFalse: Bool)
        -> SweepMetric.Impute??
    {
        guard let s = string(node, path) else { return nil }
        if acceptingFalse && s == "false" { return .some(nil) }
        if let rule = SweepMetric.Impute(rawValue: s) { return .some(rule) }
        let accepted = SweepMetric.Impute.allCases.map(\.rawValue) + (acceptingFalse ? ["false"] : [])
        report("unknown \(path.lastKey) rule '\(s)'; accepted: \(accepted.joined(separator: ", "))", node, path)
        return nil
    }

    // MARK: data

    mutating func data(_ node: JSONNode, _ path: JSONPath) -> DataSource? {
        guard let members = object(node, path, expected: "an object such as {\"path\": \"u.data\"}") else { return nil }
        rejectUnknownKeys(
            members, accepted: ["path", "format", "duplicates", "synthetic"] + Self.featureKeys, path, in: "in data")
        if let s = node["synthetic"] {
            for key in Self.featureKeys where node[key] != nil {
                report("\(key) needs a ratings file (data.path); synthetic data has no side features", node, path)
                return nil
            }
            if node["path"] != nil || node["format"] != nil || node["duplicates"] != nil {
                report(
                    "data takes either path (with an optional format and duplicates) or synthetic, not both", node,
                    path)
                return nil
            }
            return synthetic(s.value, path.appending("synthetic")).map { .synthetic($0) }
        }
        var format = RatingsFormat.auto
        if let m = node["format"] {
            let p = path.appending("format")
            guard let s = string(m.value, p) else { return nil }
            guard let f = RatingsFormat(argument: s) else {
                report(
                    "unknown format '\(s)'; accepted: \(RatingsFormat.argumentNames.joined(separator: ", "))", m.value,
                    p)
                return nil
            }
            format = f
        }
        var duplicates = DuplicatePolicy.error
        if let m = node["duplicates"] {
            let p = path.appending("duplicates")
            guard let s = string(m.value, p) else { return nil }
            guard let policy = DuplicatePolicy(argument: s) else {
                report(
                    "unknown duplicates policy '\(s)'; accepted: \(DuplicatePolicy.argumentNames.joined(separator: ", "))",
                    m.value, p)
                return nil
            }
            duplicates = policy
        }
        guard let m = require("path", in: node, path, "in data (or give synthetic)") else { return nil }
        let p = path.appending("path")
        guard let given = string(m.value, p, nonEmpty: true) else { return nil }
        let resolved = resolve(given)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory)
        guard exists || !checksDataFile else {
            report("data file not found: \(resolved)", m.value, p)
            return nil
        }
        if exists && isDirectory.boolValue {
            report("data path is a folder, not a ratings file: \(resolved)", m.value, p)
            return nil
        }
        return .file(path: resolved, format: format, duplicates: duplicates)
    }

    /// `path` made absolute against ``baseDirectory`` (the sweep file's folder).
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        let base = URL(fileURLWithPath: baseDirectory, isDirectory: true)
        return URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
    }

    private static let syntheticKeys = [
        "users", "items", "rank", "density", "noise", "user_bias", "item_bias", "mean", "seed", "round", "popularity",
    ]

    private mutating func synthetic(_ node: JSONNode, _ path: JSONPath) -> SyntheticSpec? {
        guard let members = object(node, path) else { return nil }
        rejectUnknownKeys(members, accepted: Self.syntheticKeys, path, in: "in synthetic")
        var spec = SyntheticSpec()
        let before = diagnostics.count
        for m in members {
            let p = path.appending(m.key)
            switch m.key {
            case "users": spec.users = integer(m.value, p) ?? spec.users
            case "items": spec.items = integer(m.value, p) ?? spec.items
            case "rank": spec.rank = integer(m.value, p) ?? spec.rank
            case "density": spec.density = number(m.value, p) ?? spec.density
            case "noise": spec.noise = number(m.value, p) ?? spec.noise
            case "user_bias": spec.userBias = number(m.value, p) ?? spec.userBias
            case "item_bias": spec.itemBias = number(m.value, p) ?? spec.itemBias
            case "mean": spec.mean = number(m.value, p) ?? spec.mean
            case "seed": spec.seed = unsigned(m.value, p) ?? spec.seed
            case "round": spec.round = bool(m.value, p) ?? spec.round
            case "popularity":
                guard let text = string(m.value, p) else { break }
                do {
                    spec.popularity = try Popularity(parsing: text)
                } catch {
                    report(error.description, m.value, p)
                }
            default: break
            }
        }
        guard diagnostics.count == before else { return nil }
        do {
            try spec.validate()
        } catch let error as SyntheticSpecError {
            for problem in error.problems {
                // Each problem starts with the key it is about ("density must be …").
                let key = String(problem.prefix { $0 != " " })
                if let m = node[key] {
                    report(problem, m.value, path.appending(key))
                } else {
                    report(problem, node, path)
                }
            }
            return nil
        } catch {
            report("invalid synthetic spec: \(error)", node, path)
            return nil
        }
        return spec
    }

    // MARK: validation

    mutating func validation(_ node: JSONNode, _ path: JSONPath) -> Validation? {
        let kinds = ["folds", "holdout", "prequential"]
        guard let members = object(node, path, expected: "an object such as {\"folds\": 5}") else { return nil }
        rejectUnknownKeys(members, accepted: kinds, path, in: "in validation")
        let given = members.filter { kinds.contains($0.key) }
        guard given.count == 1, let m = given.first else {
            let got = given.isEmpty ? "none" : given.map(\.key).joined(separator: " and ")
            report("validation takes exactly one of folds, holdout, prequential; got \(got)", node, path)
            return nil
        }
        let p = path.appending(m.key)
        if m.key == "folds" {
            return integer(m.value, p, minimum: 2, requirement: "an integer ≥ 2").map { .kFold($0) }
        }
        guard let f = number(m.value, p) else { return nil }
        guard f > 0 && f < 1 else {
            report("\(m.key) must be a fraction strictly between 0 and 1, got \(m.value.tokenText)", m.value, p)
            return nil
        }
        return m.key == "holdout" ? .holdout(f) : .prequential(f)
    }

    // MARK: early_terminate

    mutating func earlyTermination(_ node: JSONNode, _ path: JSONPath) -> EarlyTermination? {
        guard object(node, path, expected: "an object such as {\"type\": \"hyperband\", \"min_iter\": 3}") != nil
        else { return nil }
        guard let t = require("type", in: node, path, "in early_terminate"),
            let type = string(t.value, path.appending("type"))
        else { return nil }
        let members = node.members ?? []
        let before = diagnostics.count
        func positive(_ key: String) -> Int? {
            node[key].flatMap { integer($0.value, path.appending(key), minimum: 1, requirement: "a positive integer") }
        }
        switch type {
        case "hyperband":
            rejectUnknownKeys(
                members, accepted: ["type", "min_iter", "max_iter", "s", "eta", "strict"], path,
                in: "for hyperband")
            var h = EarlyTermination.Hyperband(
                minIter: positive("min_iter"), maxIter: positive("max_iter"), s: positive("s"))
            if let m = node["eta"] {
                let p = path.appending("eta")
                if let eta = number(m.value, p) {
                    if eta > 1 {
                        h.eta = eta
                    } else {
                        report("eta must be greater than 1, got \(m.value.tokenText)", m.value, p)
                    }
                }
            }
            if let m = node["strict"] { h.strict = bool(m.value, path.appending("strict")) ?? h.strict }
            if node["min_iter"] == nil && node["max_iter"] == nil {
                report("hyperband needs min_iter or max_iter", node, path)
            }
            if let lo = h.minIter, let hi = h.maxIter, lo >= hi, let m = node["min_iter"] {
                report("min_iter must be less than max_iter (\(lo) ≥ \(hi))", m.value, path.appending("min_iter"))
            }
            return diagnostics.count == before ? .hyperband(h) : nil
        case "median":
            rejectUnknownKeys(members, accepted: ["type", "min_iter"], path, in: "for median")
            let minIter = positive("min_iter")
            return diagnostics.count == before ? .median(minIter: minIter) : nil
        case "wilcoxon":
            rejectUnknownKeys(members, accepted: ["type", "min_iter", "p_value"], path, in: "for wilcoxon")
            var w = EarlyTermination.Wilcoxon(minIter: positive("min_iter"))
            if let m = node["p_value"] {
                let p = path.appending("p_value")
                if let value = number(m.value, p) {
                    if value > 0 && value < 1 {
                        w.pValue = value
                    } else {
                        report("p_value must be strictly between 0 and 1, got \(m.value.tokenText)", m.value, p)
                    }
                }
            }
            return diagnostics.count == before ? .wilcoxon(w) : nil
        default:
            report(
                "unknown early_terminate type '\(type)'; accepted: \(EarlyTermination.typeNames.joined(separator: ", "))",
                t.value, path.appending("type"))
            return nil
        }
    }
}
