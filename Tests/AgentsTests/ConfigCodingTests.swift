import Core
import Foundation
import Testing

@testable import Agents

/// `ConfigCoding.decode` reads simple configs with its own scanner; it must give exactly what
/// `JSONDecoder` gives, and leave everything else to it.
struct ConfigCodingTests {
    static func decoded(_ text: String) -> [String: ParameterValue]? {
        try? JSONDecoder().decode([String: ParameterValue].self, from: Data(text.utf8))
    }

    static func scanned(_ text: String) -> [String: ParameterValue]? {
        var text = text
        return text.withUTF8 { bytes in
            var scanner = FlatConfigScanner(bytes: bytes)
            return scanner.object()
        }
    }

    @Test func randomStoredConfigsDecodeAsJSONDecoderDecodesThem() {
        var rng = SeededGenerator(seed: 11, stream: "config-coding")
        var scannedCount = 0
        for _ in 0..<3000 {
            var config: [String: ParameterValue] = [:]
            for k in 0..<(1 + rng.nextIndex(below: 6)) {
                let value: ParameterValue =
                    switch rng.nextIndex(below: 6) {
                    case 0: .int(rng.nextIndex(below: 2_000_000) - 1_000_000)
                    case 1: .double(Double(rng.nextIndex(below: 1 << 30)) / Double(1 << rng.nextIndex(below: 40)) - 3)
                    case 2: .bool(rng.nextIndex(below: 2) == 0)
                    case 3: .string(["adam", "sgd", "als", "ünï", "a/b", "with space"][rng.nextIndex(below: 6)])
                    case 4: .list([.int(rng.nextIndex(below: 100)), .double(0.5), .string("x")])
                    default: .double(pow(10, Double(rng.nextIndex(below: 40)) - 20) * 1.5)
                    }
                config["p\(k)_\(rng.nextIndex(below: 3))"] = value
            }
            let text = ConfigCoding.encode(config)
            #expect(ConfigCoding.decode(text) == Self.decoded(text), "\(text)")
            if Self.scanned(text) != nil { scannedCount += 1 }
        }
        // Most stored configs take the fast path.
        #expect(scannedCount > 1500)
    }

    @Test(arguments: [
        #"{"a":1,"b":2.5,"c":"adam","d":true,"e":false,"f":[1,2.25,"x"],"g":-0,"h":[]}"#,
        #"{ "a" : 1 , "b" : [ 1 , 2 ] }"#, "{}",
        // Left to JSONDecoder: integral decimals, exponents, escapes, null, nesting, big integers.
        #"{"a":2.0}"#, #"{"a":1e3}"#, #"{"a":1.5E-3}"#, #"{"a":"x\"y"}"#, #"{"a":"\u00e9"}"#, #"{"a":null}"#,
        #"{"a":{"b":1}}"#, #"{"a":99999999999999999999}"#, #"{"a":1.00000000000000001}"#, #"{"a":-0.0}"#,
        // Not configs at all.
        #"{"a":1,"a":2}"#, #"{"a":01}"#, #"{"a":1,}"#, #"[1]"#, #"{"a":tru}"#, #"{"a":1} x"#, "", #"{"a":.5}"#,
    ])
    func edgeCasesDecodeAsJSONDecoderDecodesThem(text: String) {
        #expect(ConfigCoding.decode(text) == Self.decoded(text))
    }

    @Test func theScannerDeclinesWhatItDoesNotKnow() {
        #expect(Self.scanned(#"{"a":1,"b":2.5,"c":"adam","d":[true]}"#) != nil)
        for text in [#"{"a":2.0}"#, #"{"a":1e3}"#, #"{"a":"x\"y"}"#, #"{"a":null}"#, #"{"a":{"b":1}}"#] {
            #expect(Self.scanned(text) == nil, "\(text)")
        }
    }
}
