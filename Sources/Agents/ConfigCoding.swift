import Factorization
import Foundation

/// A run's config as the JSON text the store keeps (sorted keys, so equal configs have equal
/// text).
enum ConfigCoding {
    static func encode(_ config: [String: ParameterValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(config), as: UTF8.self)
    }

    static func decode(_ text: String) -> [String: ParameterValue]? {
        try? JSONDecoder().decode([String: ParameterValue].self, from: Data(text.utf8))
    }
}
