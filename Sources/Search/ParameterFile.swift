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
        let root: JSONNode
        do {
            root = try JSONParser.parse([UInt8](bytes))
        } catch {
            throw ParameterFileError(
                source: name, message: "line \(error.position.line), column \(error.position.column): \(error.message)")
        }
        var decoder = SweepDecoder(file: name, baseDirectory: "", checksDataFile: false)
        var values: [String: ParameterValue] = [:]
        if let members = decoder.object(root, JSONPath.root, expected: "a JSON object of parameter values") {
            for m in members {
                if let v = decoder.parameterValue(m.value, JSONPath.root.appending(m.key)) { values[m.key] = v }
            }
        }
        if let first = decoder.diagnostics.first {
            let place = first.line > 0 ? "line \(first.line), column \(first.column): " : ""
            throw ParameterFileError(
                source: name, message: place + first.message + (first.path.isEmpty ? "" : " [at \(first.path)]"))
        }
        return values
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
        let h = try Hyperparameters(values)
        if h.optimizer == .als, let ignored = Hyperparameters.ignoredByALS.first(where: { values[$0] != nil }) {
            throw ParameterFileError(
                source: assignments.isEmpty ? (config ?? "--config") : "--param",
                message: "\(ignored) does not apply to optimizer als, which solves each row exactly and has no "
                    + "learning rate, schedule or moments; remove it")
        }
        return h
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
