public import Core
import Factorization
import Foundation

/// A run's config as the JSON text the store keeps (sorted keys, so equal configs have equal
/// text).
public enum ConfigCoding {
    /// The stored text of `config`.
    public static func encode(_ config: [String: ParameterValue]) -> String { json(config) }

    /// Compact JSON with sorted keys and unescaped slashes, for anything this module stores or
    /// passes on (configs, stored specs, `${args_json}`).
    public static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// The config of stored text `text`, or nil when it is not an object of parameter values.
    ///
    /// The stored configs are flat objects of plain numbers, strings, booleans and lists; those
    /// are read by a small scanner (a sweep page of 10,000 runs reads 10,000 of them). Anything
    /// else (escapes, exponents, integral decimals such as `2.0`, nesting, `null`) goes to
    /// `JSONDecoder`, whose result the scanner's always equals.
    public static func decode(_ text: String) -> [String: ParameterValue]? {
        var text = text
        let fast = text.withUTF8 { bytes in
            var scanner = FlatConfigScanner(bytes: bytes)
            return scanner.object()
        }
        if let fast { return fast }
        return try? JSONDecoder().decode([String: ParameterValue].self, from: Data(text.utf8))
    }
}
