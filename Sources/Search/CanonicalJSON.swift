import Core

/// A JSON value being written in canonical form: object keys sorted, no whitespace, numbers as
/// given (so an integer stays `3` and a float stays `3.0`).
enum CanonicalJSON: Equatable {
    case object([String: CanonicalJSON])
    case array([CanonicalJSON])
    case string(String)
    case number(String)
    case bool(Bool)

    /// An integer token.
    static func int<I: BinaryInteger>(_ i: I) -> CanonicalJSON { .number("\(i)") }

    /// A float token (`2.0`, `0.1`, `1e-05`: always with a fraction or exponent).
    static func double(_ d: Double) -> CanonicalJSON {
        precondition(d.isFinite, "canonical JSON numbers are finite")
        return .number(d == 0 ? "0.0" : "\(d)")
    }

    /// A parameter value in its own JSON type.
    static func value(_ v: ParameterValue) -> CanonicalJSON {
        switch v {
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .bool(let b): .bool(b)
        case .string(let s): .string(s)
        case .list(let l): .array(l.map(value))
        }
    }

    /// The compact text with sorted keys.
    var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .object(let members):
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                out += Self.quoted(key) + ":"
                members[key]!.write(into: &out)
            }
            out += "}"
        case .array(let elements):
            out += "["
            for (i, e) in elements.enumerated() {
                if i > 0 { out += "," }
                e.write(into: &out)
            }
            out += "]"
        case .string(let s): out += Self.quoted(s)
        case .number(let t): out += t
        case .bool(let b): out += b ? "true" : "false"
        }
    }

    /// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
