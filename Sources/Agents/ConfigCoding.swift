import Factorization
import Foundation

/// A run's config as the JSON text the store keeps (sorted keys, so equal configs have equal
/// text).
enum ConfigCoding {
    static func encode(_ config: [String: ParameterValue]) -> String { json(config) }

    /// Compact JSON with sorted keys and unescaped slashes, for anything this module stores or
    /// passes on (configs, stored specs, `${args_json}`).
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func decode(_ text: String) -> [String: ParameterValue]? {
        try? JSONDecoder().decode([String: ParameterValue].self, from: Data(text.utf8))
    }
}
