import Foundation

/// A small JSON Schema (2020-12) validator for the report's schema: `type` (string or list),
/// `const`, `enum`, `properties`, `required`, `additionalProperties` (false or a schema),
/// `items`, `anyOf` and local `$ref`s (`#/$defs/NAME`). Enough to hold the report's JSON to
/// `docs/report-schema.json`; any other keyword in the schema is reported as unsupported so
/// the check never passes silently.
struct JSONSchemaValidator {
    let root: [String: Any]

    static let supported: Set<String> = [
        "$schema", "$id", "title", "description", "type", "const", "enum", "properties", "required",
        "additionalProperties", "items", "anyOf", "$ref", "$defs",
    ]

    /// Every violation of `value` against the root schema, as `path: problem`.
    func errors(_ value: Any) -> [String] {
        var out: [String] = []
        check(value, root, "$", &out)
        return out
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        let name = String(ref.dropFirst("#/$defs/".count))
        return ((root["$defs"] as? [String: Any])?[name] as? [String: Any]) ?? [:]
    }

    private func kind(_ v: Any) -> String {
        if v is NSNull { return "null" }
        if let n = v as? NSNumber, !(v is String) {
            let t = String(cString: n.objCType)
            if t == "c" || t == "B" { return "boolean" }
            if ["d", "f"].contains(t) { return n.doubleValue.rounded() == n.doubleValue ? "number" : "number" }
            return "integer"
        }
        if v is String { return "string" }
        if v is [Any] { return "array" }
        if v is [String: Any] { return "object" }
        return "unknown"
    }

    private func matches(_ v: Any, type: String) -> Bool {
        let k = kind(v)
        return k == type || (type == "number" && k == "integer")
    }

    private func check(_ v: Any, _ rawSchema: [String: Any], _ path: String, _ out: inout [String]) {
        let schema = resolve(rawSchema)
        for key in schema.keys where !Self.supported.contains(key) {
            out.append("\(path): unsupported schema keyword \(key)")
        }
        if let any = schema["anyOf"] as? [[String: Any]] {
            let ok = any.contains { sub in
                var e: [String] = []
                check(v, sub, path, &e)
                return e.isEmpty
            }
            if !ok { out.append("\(path): matches none of anyOf") }
        }
        if let t = schema["type"] {
            let types = (t as? [String]) ?? [(t as? String) ?? ""]
            if !types.contains(where: { matches(v, type: $0) }) {
                out.append("\(path): \(kind(v)) is not \(types.joined(separator: "|"))")
                return
            }
        }
        if let c = schema["const"] {
            if "\(c)" != "\(v)" { out.append("\(path): \(v) is not the constant \(c)") }
        }
        if let e = schema["enum"] as? [Any] {
            if !e.contains(where: { "\($0)" == "\(v)" && kind($0) == kind(v) }) {
                out.append("\(path): \(v) is not one of \(e)")
            }
        }
        if let object = v as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                out.append("\(path): missing required \(name)")
            }
            for (name, value) in object {
                if let sub = properties[name] as? [String: Any] {
                    check(value, sub, "\(path).\(name)", &out)
                } else if let extra = schema["additionalProperties"] {
                    if let allowed = extra as? Bool, !allowed {
                        out.append("\(path): unexpected key \(name)")
                    } else if let sub = extra as? [String: Any] {
                        check(value, sub, "\(path).\(name)", &out)
                    }
                }
            }
        }
        if let array = v as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, item) in array.enumerated() { check(item, items, "\(path)[\(i)]", &out) }
        }
    }
}
