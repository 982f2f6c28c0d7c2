public import Core
import Foundation

/// Hyperparameters as `train` takes them: the defaults, then a config (a JSON object of
/// book-named values, from a file or inline), then `NAME=VALUE` assignments, each layer
/// overriding the one before.
public enum ParameterFile {
    /// The values of `argument`: a path, or JSON text starting with `{`.
    ///
    /// - Throws: ``ParameterFileError`` naming the file (or `--config`), and for syntax errors
    ///   the line and column.
    public static func parameters(_ argument: String) throws(ParameterFileError) -> [String: ParameterValue] {
        let inline = argument.trimmingCharacters(in: .whitespaces).hasPrefix("{")
        let name = inline ? "--config" : argument
        let bytes: Data
        if inline {
            bytes = Data(argument.utf8)
        } else {
            if let reason = FileKind(path: argument)?.notRegularFileReason {
                throw ParameterFileError(source: argument, message: reason)
            }
            guard let d = FileManager.default.contents(atPath: argument) else {
                throw ParameterFileError(source: argument, message: "no such file")
            }
            bytes = d
        }
        do {
            _ = try JSONSerialization.jsonObject(with: bytes)
        } catch {
            throw ParameterFileError(source: name, message: describeSyntaxError(error, in: bytes))
        }
        do {
            return try JSONDecoder().decode([String: ParameterValue].self, from: bytes)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ParameterFileError(
                source: name,
                message: "expected a JSON object of parameter values" + (path.isEmpty ? "" : " [at \(path)]"))
        } catch {
            throw ParameterFileError(source: name, message: "\(error)")
        }
    }

    /// The defaults, overridden by `config`'s values (see ``parameters(_:)``), overridden by
    /// each `NAME=VALUE` of `assignments` in order.
    ///
    /// - Throws: ``ParameterFileError`` for an unreadable config or a malformed assignment,
    ///   ``HyperparameterError`` naming an unknown parameter or a bad value.
    public static func hyperparameters(config: String?, assignments: [String]) throws -> Hyperparameters {
        var values: [String: ParameterValue] = [:]
        if let config {
            values = try parameters(config)
        }
        for assignment in assignments {
            guard let eq = assignment.firstIndex(of: "="), eq != assignment.startIndex else {
                throw ParameterFileError(source: "--param", message: "expects NAME=VALUE, got '\(assignment)'")
            }
            let name = String(assignment[..<eq])
            values[name] = ParameterValue(parsing: String(assignment[assignment.index(after: eq)...]))
        }
        return try Hyperparameters(values)
    }

    /// A `JSONSerialization` error's character offset as `line L, column C: invalid JSON: …`.
    static func describeSyntaxError(_ error: any Error, in bytes: Data) -> String {
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

/// A config or `--param` that cannot be read: `SOURCE: MESSAGE`, where the source is the file,
/// `--config` for inline JSON, or `--param`.
public struct ParameterFileError: MFSweepError, Equatable {
    /// The file as given, `--config` or `--param`.
    public var source: String
    /// What was wrong, with the line and column of a syntax error.
    public var message: String

    /// `SOURCE: MESSAGE` (`--param expects NAME=VALUE, got 'x'` for an assignment).
    public var description: String {
        source == "--param" ? "--param \(message)" : "\(source): \(message)"
    }
    /// The file, or the option.
    public var location: ErrorLocation? { source.hasPrefix("--") ? .option(source) : .file(source) }
    /// An unreadable config is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}
