import Core
import Factorization
import Foundation

/// Reads a hyperparameter config: a JSON object of book-named values, from a file or inline.
enum ConfigFile {
    /// The values of `argument` (a path, or JSON text starting with `{`). Errors are printed as
    /// one line naming the file and, for syntax errors, the line and column.
    static func parameters(_ argument: String) throws -> [String: ParameterValue] {
        let inline = argument.trimmingCharacters(in: .whitespaces).hasPrefix("{")
        let name = inline ? "--config" : argument
        let bytes: Data
        if inline {
            bytes = Data(argument.utf8)
        } else {
            guard let d = FileManager.default.contents(atPath: argument) else {
                throw Terminal.fail("\(argument): no such file")
            }
            bytes = d
        }
        do {
            _ = try JSONSerialization.jsonObject(with: bytes)
        } catch {
            throw Terminal.fail("\(name): \(JSONPosition.describe(error, in: bytes))")
        }
        do {
            return try JSONDecoder().decode([String: ParameterValue].self, from: bytes)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw Terminal.fail(
                "\(name): expected a JSON object of parameter values" + (path.isEmpty ? "" : " [at \(path)]"))
        } catch {
            throw Terminal.fail("\(name): \(error)")
        }
    }
}

/// Turns a `JSONSerialization` error's character offset into `line L, column C`.
enum JSONPosition {
    static func describe(_ error: any Error, in bytes: Data) -> String {
        let ns = error as NSError
        let text = (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? "invalid JSON"
        // Darwin gives the offset in userInfo; swift-corelibs-foundation only in the text
        // ("Invalid value around character 29.").
        let offset =
            (ns.userInfo["NSJSONSerializationErrorIndex"] as? Int)
            ?? text.range(of: "character ").flatMap { r in
                Int(text[r.upperBound...].prefix { $0.isNumber })
            }
        guard let offset else { return "invalid JSON: \(text)" }
        var line = 1
        var column = 1
        for b in bytes.prefix(offset) {
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return "line \(line), column \(column): invalid JSON: \(text)"
    }
}
