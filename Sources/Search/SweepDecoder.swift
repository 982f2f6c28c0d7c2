import Core

/// Turns a parsed sweep file into a ``SweepSpec``, collecting every problem as a
/// ``Diagnostic`` instead of stopping at the first.
struct SweepDecoder {
    /// The file name used in diagnostics.
    let file: String
    /// The folder relative data paths resolve against.
    let baseDirectory: String
    /// Whether a data file must exist (not for a spec read back from the store, whose data may
    /// have moved since, nor for a file whose data `--data` replaces).
    let checksDataFile: Bool
    /// The problems found so far.
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, baseDirectory: String, checksDataFile: Bool = true) {
        self.file = file
        self.baseDirectory = baseDirectory
        self.checksDataFile = checksDataFile
    }

    /// Records a problem at `position` with JSON path `path`.
    mutating func report(_ message: String, at position: JSONPosition, _ path: JSONPath) {
        diagnostics.append(Diagnostic(file: file, position: position, message: message, path: path))
    }

    /// Records a problem with the value `node`.
    mutating func report(_ message: String, _ node: JSONNode, _ path: JSONPath) {
        report(message, at: node.position, path)
    }

    // MARK: Objects

    /// The members of `node`, or a diagnostic if it is not an object.
    mutating func object(_ node: JSONNode, _ path: JSONPath, expected: String = "an object") -> [JSONMember]? {
        guard let members = node.members else {
            report("expected \(expected), got \(node.kindDescription)", node, path)
            return nil
        }
        return members
    }

    /// Reports every member of `members` whose key is not in `accepted`.
    mutating func rejectUnknownKeys(
        _ members: [JSONMember], accepted: [String], _ path: JSONPath, in context: String
    ) {
        for m in members where !accepted.contains(m.key) {
            report(
                "unknown key '\(m.key)' \(context); accepted: \(accepted.sorted().joined(separator: ", "))",
                at: m.keyPosition, path.appending(m.key))
        }
    }

    /// The member `key` of `node`, or a diagnostic at the object if it is missing.
    mutating func require(_ key: String, in node: JSONNode, _ path: JSONPath, _ context: String) -> JSONMember? {
        if let m = node[key] { return m }
        report("missing key '\(key)' \(context)", node, path)
        return nil
    }

    // MARK: Scalars

    mutating func string(_ node: JSONNode, _ path: JSONPath, nonEmpty: Bool = false) -> String? {
        guard case .string(let s) = node.value else {
            report("expected a string, got \(node.kindDescription)", node, path)
            return nil
        }
        if nonEmpty && s.isEmpty {
            report("expected a non-empty string", node, path)
            return nil
        }
        return s
    }

    mutating func bool(_ node: JSONNode, _ path: JSONPath) -> Bool? {
        guard case .bool(let b) = node.value else {
            report("expected true or false, got \(node.kindDescription)", node, path)
            return nil
        }
        return b
    }

    /// A finite number (integer or not).
    mutating func number(_ node: JSONNode, _ path: JSONPath) -> Double? {
        guard case .number(let t) = node.value else {
            report("expected a number, got \(node.kindDescription)", node, path)
            return nil
        }
        guard let d = Double(t), d.isFinite else {
            report("the number \(t) is out of range", node, path)
            return nil
        }
        return d
    }

    /// An integer token (no fraction or exponent) in `Int`'s range, at least `minimum`;
    /// `requirement` says what is accepted (`a positive integer`).
    mutating func integer(_ node: JSONNode, _ path: JSONPath, minimum: Int = .min, requirement: String = "an integer")
        -> Int?
    {
        guard node.isIntegerToken, case .number(let t) = node.value else {
            report("\(path.lastKey) must be \(requirement), got \(node.kindDescription)", node, path)
            return nil
        }
        guard let i = Int(t) else {
            report("the integer \(t) is out of range", node, path)
            return nil
        }
        guard i >= minimum else {
            report("\(path.lastKey) must be \(requirement), got \(t)", node, path)
            return nil
        }
        return i
    }

    /// A non-negative integer token in `UInt64`'s range.
    mutating func unsigned(_ node: JSONNode, _ path: JSONPath) -> UInt64? {
        let requirement = "a non-negative integer"
        guard node.isIntegerToken, case .number(let t) = node.value else {
            report("\(path.lastKey) must be \(requirement), got \(node.kindDescription)", node, path)
            return nil
        }
        if t.hasPrefix("-") && t != "-0" {
            report("\(path.lastKey) must be \(requirement), got \(t)", node, path)
            return nil
        }
        guard let u = UInt64(t.hasPrefix("-") ? "0" : t) else {
            report("the integer \(t) is out of range", node, path)
            return nil
        }
        return u
    }

    /// A hyperparameter value: a number, string, boolean or array of those.
    mutating func parameterValue(_ node: JSONNode, _ path: JSONPath) -> ParameterValue? {
        switch node.value {
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .number(let t):
            if node.isIntegerToken {
                guard let i = Int(t) else {
                    report("the integer \(t) is out of range", node, path)
                    return nil
                }
                return .int(i)
            }
            return number(node, path).map { .double($0) }
        case .array(let elements):
            var out: [ParameterValue] = []
            for (i, e) in elements.enumerated() {
                guard let v = parameterValue(e, path.appending(index: i)) else { return nil }
                out.append(v)
            }
            return .list(out)
        case .object, .null:
            report("expected a number, string, boolean or array, got \(node.kindDescription)", node, path)
            return nil
        }
    }
}

extension JSONPath {
    /// The last key of the path (`run_cap` for `run_cap`, `min` for `parameters.alpha.min`).
    var lastKey: String {
        for c in components.reversed() {
            if case .key(let k) = c { return k }
        }
        return "the value"
    }
}
