/// A 1-based line and column in a JSON text. Columns count Unicode scalars, so a line of
/// ASCII and a line with `é` place the caret the same way an editor does.
public struct JSONPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column (Unicode scalars from the start of the line).
    public var column: Int

    /// A position at `line`:`column`.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Orders by line, then column.
    public static func < (a: JSONPosition, b: JSONPosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    /// `LINE:COLUMN`.
    public var description: String { "\(line):\(column)" }
}

/// One JSON value and where it starts in the text.
public struct JSONNode: Sendable, Equatable {
    /// The value.
    public var value: JSONValue
    /// The position of the value's first character.
    public var position: JSONPosition

    /// A node holding `value` at `position`.
    public init(_ value: JSONValue, at position: JSONPosition) {
        self.value = value
        self.position = position
    }
}

/// A JSON value whose numbers keep their token text, so `1` and `1.0` stay distinguishable.
public enum JSONValue: Sendable, Equatable {
    /// An object's members in the order written (keys are unique).
    case object([JSONMember])
    /// An array's elements.
    case array([JSONNode])
    /// A string, escapes resolved.
    case string(String)
    /// A number as written, e.g. `"1"`, `"-0.5"`, `"1e-3"`.
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
}

/// One `"key": value` member of an object.
public struct JSONMember: Sendable, Equatable {
    /// The key, escapes resolved.
    public var key: String
    /// The position of the key's opening quote.
    public var keyPosition: JSONPosition
    /// The member's value.
    public var value: JSONNode

    /// A member `key: value` whose key starts at `keyPosition`.
    public init(key: String, keyPosition: JSONPosition, value: JSONNode) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}

extension JSONNode {
    /// The members of an object node; nil for any other kind.
    public var members: [JSONMember]? {
        if case .object(let m) = value { return m }
        return nil
    }

    /// The member named `key` of an object node.
    public subscript(key: String) -> JSONMember? {
        members?.first { $0.key == key }
    }

    /// True for a number token written without a fraction or exponent (`3`, `-12`).
    public var isIntegerToken: Bool {
        guard case .number(let t) = value else { return false }
        return !t.contains { $0 == "." || $0 == "e" || $0 == "E" }
    }

    /// What the node is, for messages: `an object`, `the string "x"`, `the number 1.5`, `null`.
    public var kindDescription: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .string(let s):
            let shown = s.count > 40 ? String(s.prefix(40)) + "…" : s
            return "the string \"\(shown)\""
        case .number(let t): return "the number \(t)"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}
