/// The rules for model names and aliases: 1 to 64 of letters, digits, `-`, `_` and `.`, not
/// starting with `.`. An alias must also contain a non-digit (so `3` always means version 3)
/// and must not be `latest` (reserved: the highest version that is not archived).
///
/// Names become folder names under `artifacts/`, so these rules are what keeps a user's text
/// from becoming a path (`/`, `..`) or breaking a quoted string (`'`).
public enum ModelNaming {
    /// The longest name or alias.
    public static let maxLength = 64

    /// Checks a model name; throws a ``RegistryError`` saying what is wrong and what is accepted.
    public static func validateName(_ name: String) throws {
        try validate(name, what: "model name")
    }

    /// Checks an alias that a user sets; throws a ``RegistryError`` saying what is wrong.
    public static func validateAlias(_ alias: String) throws {
        try validate(alias, what: "alias")
        if alias.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            throw RegistryError.numericAlias(alias)
        }
        if alias == "latest" {
            throw RegistryError.reservedAlias
        }
    }

    private static func validate(_ text: String, what: String) throws {
        guard !text.isEmpty else { throw RegistryError.invalidName(what: what, text: text, problem: "is empty") }
        if let bad = text.unicodeScalars.first(where: { !isAllowed($0) }) {
            let shown =
                bad.properties.generalCategory == .control || bad == " "
                ? "U+\(String(bad.value, radix: 16, uppercase: true))" : "\"\(bad)\""
            throw RegistryError.invalidName(what: what, text: text, problem: "\"\(printable(text))\" contains \(shown)")
        }
        guard text.utf8.count <= maxLength else {
            throw RegistryError.invalidName(
                what: what, text: text, problem: "'\(text)' is \(text.utf8.count) characters long")
        }
        guard !text.hasPrefix(".") else {
            throw RegistryError.invalidName(what: what, text: text, problem: "'\(text)' starts with '.'")
        }
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
