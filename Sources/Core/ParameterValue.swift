/// A hyperparameter value as written in a config file or on the command line.
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case list([ParameterValue])

    /// Decodes any JSON scalar or array.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let l = try? c.decode([ParameterValue].self) {
            self = .list(l)
        } else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "expected a number, boolean, string or array")
        }
    }

    /// Encodes as the matching JSON value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .list(let v): try c.encode(v)
        }
    }

    /// Parses a command-line value: `true`/`false`, an integer, a number, a `[lo, hi]` list, or
    /// else a string.
    public init(parsing text: String) {
        let t = text.trimmingWhitespace()
        if t == "true" {
            self = .bool(true)
        } else if t == "false" {
            self = .bool(false)
        } else if let i = Int(t) {
            self = .int(i)
        } else if let d = Double(t) {
            self = .double(d)
        } else if t.hasPrefix("[") && t.hasSuffix("]") {
            let inner = t.dropFirst().dropLast()
            self = .list(
                inner.split(separator: ",").map { ParameterValue(parsing: String($0)) })
        } else {
            self = .string(t)
        }
    }

    /// The value as a number, if it is one.
    public var number: Double? {
        switch self {
        case .int(let v): Double(v)
        case .double(let v): v
        default: nil
        }
    }

    /// The text a person would write for this value.
    public var description: String {
        switch self {
        case .int(let v): "\(v)"
        case .double(let v): "\(v)"
        case .bool(let v): "\(v)"
        case .string(let v): v
        case .list(let v): "[" + v.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
