/// The rules for model names and aliases: 1 to 64 of letters, digits, `-`, `_` and `.`, not
/// starting with `.`. An alias must also contain a non-digit (so `3` always means version 3)
/// and must not be `latest` (reserved: the highest version that is not archived).
///
/// Names become folder names under `artifacts/`, so these rules are what keeps a user's text
/// from becoming a path (`/`, `..`) or breaking a quoted string (`'`).
public enum ModelNaming {
    /// The longest name or alias.
    public static let maxLength = 64

    /// Checks a model name; throws an ``AgentError`` saying what is wrong and what is accepted.
    public static func validateName(_ name: String) throws {
        try validate(name, what: "model name")
    }

    /// Checks an alias that a user sets; throws an ``AgentError`` saying what is wrong.
    public static func validateAlias(_ alias: String) throws {
        try validate(alias, what: "alias")
        if alias.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            throw AgentError("alias '\(alias)' is a number, which would read as a version; use a name such as champion or production")
        }
        if alias == "latest" {
            throw AgentError("alias 'latest' is reserved: it always means the highest version that is not archived")
        }
    }

    private static func validate(_ text: String, what: String) throws {
        let rules = "use 1-\(maxLength) letters, digits, '-', '_' and '.', not starting with '.'"
        guard !text.isEmpty else { throw AgentError("\(what) is empty; \(rules)") }
        if let bad = text.unicodeScalars.first(where: { !isAllowed($0) }) {
            let shown = bad.properties.generalCategory == .control || bad == " " ? "U+\(String(bad.value, radix: 16, uppercase: true))" : "\"\(bad)\""
            throw AgentError("\(what) \"\(printable(text))\" contains \(shown); \(rules)")
        }
        guard text.utf8.count <= maxLength else {
            throw AgentError("\(what) '\(text)' is \(text.utf8.count) characters long; \(rules)")
        }
        guard !text.hasPrefix(".") else { throw AgentError("\(what) '\(text)' starts with '.'; \(rules)") }
    }

    private static func isAllowed(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "A"..."Z", "a"..."z", "0"..."9", "-", "_", ".": true
        default: false
        }
    }

    /// The text with control characters escaped, so an error stays one line.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
    }
}
