import Foundation

extension SweepDecoder {
    /// Every top-level key a sweep file may have: W&B's and mfsweep's own.
    static let topLevelKeys = [
        "name", "description", "method", "metric", "parameters", "early_terminate", "run_cap", "program",
        "command", "entity", "project", "data", "validation", "seed", "count",
    ]

    /// The spec of the sweep file whose root is `root`; nil when any diagnostic was recorded.
    mutating func decode(_ root: JSONNode) -> SweepSpec? {
        let path = JSONPath.root
        guard let members = object(root, path, expected: "a JSON object at the top of a sweep file") else { return nil }
        rejectUnknownKeys(members, accepted: Self.topLevelKeys, path, in: "at the top level")

        let runsCommand = root["program"] != nil || root["command"] != nil
        var spec = SweepSpec(
            name: URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent, parameters: [:],
            baseDirectory: baseDirectory)

        if let m = root["name"] {
            if let name = string(m.value, path.appending("name"), nonEmpty: true) {
                if let problem = SweepSpec.nameProblem(name) {
                    report(problem, m.value, path.appending("name"))
                } else {
                    spec.name = name
                }
            }
        } else if let problem = SweepSpec.nameProblem(spec.name) {
            report("the sweep is named after its file, but \(problem); give it a \"name\"", at: root.position, path)
        }
        if let m = root["description"] { spec.description = string(m.value, path.appending("description")) }
        if let m = root["entity"] { spec.entity = string(m.value, path.appending("entity")) }
        if let m = root["project"] { spec.project = string(m.value, path.appending("project")) }
        if let m = root["program"] { spec.program = string(m.value, path.appending("program"), nonEmpty: true) }
        if let m = root["command"] { spec.command = command(m.value, path.appending("command")) }
        if let m = root["method"] { spec.method = method(m.value, path.appending("method")) ?? spec.method }
        if let m = root["metric"] {
            spec.metric = metric(m.value, path.appending("metric"), runsCommand: runsCommand) ?? spec.metric
        }
        if let m = require("parameters", in: root, path, "(the parameters to sweep)") {
            spec.parameters =
                parameters(m.value, path.appending("parameters"), method: spec.method, runsCommand: runsCommand)
        }
        if let m = root["early_terminate"] {
            spec.earlyTerminate = earlyTermination(m.value, path.appending("early_terminate"))
        }
        if let m = root["run_cap"] {
            spec.runCap = integer(m.value, path.appending("run_cap"), minimum: 1, requirement: "a positive integer")
        }
        if let m = root["count"] {
            spec.count = integer(m.value, path.appending("count"), minimum: 1, requirement: "a positive integer")
        }
        if let m = root["seed"] { spec.seed = unsigned(m.value, path.appending("seed")) ?? 0 }
        if let m = root["data"] {
            spec.data = data(m.value, path.appending("data"))
            if m.value["synthetic"] == nil { spec.features = features(m.value, path.appending("data")) }
        }
        if let m = root["validation"] { spec.validation = validation(m.value, path.appending("validation")) }
        return diagnostics.isEmpty ? spec : nil
    }

    private mutating func command(_ node: JSONNode, _ path: JSONPath) -> [String]? {
        guard case .array(let elements) = node.value else {
            report("expected an array of strings, got \(node.kindDescription)", node, path)
            return nil
        }
        if elements.isEmpty {
            report("command must not be empty", node, path)
            return nil
        }
        var out: [String] = []
        for (i, e) in elements.enumerated() {
            guard let s = string(e, path.appending(index: i)) else { return nil }
            out.append(s)
        }
        return out
    }

    private mutating func method(_ node: JSONNode, _ path: JSONPath) -> SearchMethod? {
        guard let s = string(node, path) else { return nil }
        if let m = SearchMethod(rawValue: s) { return m }
        let accepted = SearchMethod.allCases.map(\.rawValue).joined(separator: ", ")
        if SearchMethod.upcoming.contains(s) {
            report(
                "method '\(s)' is not available yet; use \(accepted.replacingOccurrences(of: ", ", with: " or "))",
                node, path)
        } else {
            report("unknown method '\(s)'; accepted: \(accepted)", node, path)
        }
        return nil
    }
}
