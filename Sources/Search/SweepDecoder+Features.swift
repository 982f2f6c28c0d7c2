import Core
import Foundation

extension SweepDecoder {
    /// The `data` keys that ask for side features.
    static let featureKeys = ["features", "user_features", "item_features"]

    /// The side features of a `data` block with a ratings file (`node` is the block): `features`
    /// (a list of names), `user_features` and `item_features` (a path, or
    /// `{"path", "key", "delimiter"}`). Nil without `features` or after a diagnostic.
    mutating func features(_ node: JSONNode, _ path: JSONPath) -> SideFeatureRequest? {
        var request = SideFeatureRequest(names: [])
        var ok = true
        if let m = node["user_features"] {
            request.userFile = sideFile(m.value, path.appending("user_features"), idName: "user id")
            ok = ok && request.userFile != nil
        }
        if let m = node["item_features"] {
            request.itemFile = sideFile(m.value, path.appending("item_features"), idName: "item id")
            ok = ok && request.itemFile != nil
        }
        guard let m = node["features"] else {
            for key in ["user_features", "item_features"] where node[key] != nil {
                report("\(key) needs \"features\" naming its columns (e.g. \"user.age\")", node, path)
                return nil
            }
            return nil
        }
        let p = path.appending("features")
        guard case .array(let elements) = m.value.value else {
            report(
                "expected an array of feature names such as [\"user.age\", \"item.genres\"], got \(m.value.kindDescription)",
                m.value, p)
            return nil
        }
        for (i, element) in elements.enumerated() {
            guard let name = string(element, p.appending(index: i), nonEmpty: true) else {
                ok = false
                continue
            }
            request.names.append(name)
        }
        guard ok else { return nil }
        let problems = request.problems
        for problem in problems {
            report(problem.message, elements[problem.index], p.appending(index: problem.index))
        }
        return problems.isEmpty && !request.isEmpty ? request : nil
    }

    /// A side-feature file: a path string, or `{"path", "key", "delimiter"}` with `key` a header
    /// name or a 1-based column number (default 1).
    private mutating func sideFile(_ node: JSONNode, _ path: JSONPath, idName: String) -> SideFeatureFile? {
        var file = SideFeatureFile(path: "")
        let pathNode: JSONNode
        let pathPath: JSONPath
        if case .string = node.value {
            pathNode = node
            pathPath = path
        } else {
            guard
                let members = object(
                    node, path, expected: "a path or an object such as {\"path\": \"users.csv\", \"key\": \"user_id\"}")
            else { return nil }
            rejectUnknownKeys(members, accepted: ["path", "key", "delimiter"], path, in: "in \(path.lastKey)")
            guard let m = require("path", in: node, path, "in \(path.lastKey)") else { return nil }
            pathNode = m.value
            pathPath = path.appending("path")
            if let k = node["key"] {
                let kp = path.appending("key")
                if case .string(let name) = k.value.value, !name.isEmpty {
                    file.key = .name(name)
                } else if let n = integer(
                    k.value, kp, minimum: 1, requirement: "a header name or a 1-based column number")
                {
                    file.key = .number(n)
                } else {
                    return nil
                }
            }
            if let d = node["delimiter"] {
                guard let text = string(d.value, path.appending("delimiter"), nonEmpty: true) else { return nil }
                file.delimiter = text == "tab" || text == "\\t" ? "\t" : text
            }
        }
        guard let given = string(pathNode, pathPath, nonEmpty: true) else { return nil }
        file.path = resolve(given)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory)
        if checksDataFile && !exists {
            report("\(path.lastKey) file not found: \(file.path)", pathNode, pathPath)
            return nil
        }
        if exists && isDirectory.boolValue {
            report("\(path.lastKey) is a folder, not a file of \(idName)s: \(file.path)", pathNode, pathPath)
            return nil
        }
        return file
    }
}
