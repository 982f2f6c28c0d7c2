import Core
import Foundation

/// Reads sweep files: W&B's sweep configuration as JSON, plus mfsweep's `data`,
/// `validation`, `seed` and `count`.
///
/// ```json
/// {
///   "name": "mf-HPO-CV", "method": "random",
///   "metric": {"name": "Test omse_mean", "goal": "minimize"},
///   "parameters": {"steps": {"value": 2000}, "alpha": {"min": 2.0, "max": 3.0},
///                  "emb_dim": {"min": 15, "max": 70}},
///   "data": {"path": "../Data/ml-100k/u.data"}, "validation": {"folds": 5}, "seed": 0
/// }
/// ```
/// Every problem is reported, each with its line, column and JSON path.
public enum SweepFile {
    /// Reads and validates the sweep file at `path`; relative paths inside it resolve against
    /// its folder.
    ///
    /// - Throws: ``SweepFileError`` with every problem found.
    public static func load(path: String, checksDataFile: Bool = true) throws(SweepFileError) -> SweepSpec {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SweepFileError([Diagnostic(file: path, line: 0, column: 0, message: "no such sweep file")])
        }
        if let reason = FileKind(path: path)?.notRegularFileReason {
            throw SweepFileError([Diagnostic(file: path, line: 0, column: 0, message: reason)])
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            let why = isDirectory.boolValue ? "is a folder, not a sweep file" : "cannot read the sweep file"
            throw SweepFileError([Diagnostic(file: path, line: 0, column: 0, message: why)])
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        return try parse([UInt8](data), file: path, baseDirectory: base, checksDataFile: checksDataFile)
    }

    /// Parses and validates sweep-file `bytes` (UTF-8 JSON). `file` names the file in
    /// diagnostics and gives the default sweep name; relative paths resolve against
    /// `baseDirectory`.
    ///
    /// - Throws: ``SweepFileError`` with every problem found (a syntax error stops at the first).
    ///
    /// - Parameter checksDataFile: false to accept a `data.path` that does not exist (for a spec
    ///   read back from the store, or one whose data `--data` replaces).
    public static func parse(
        _ bytes: [UInt8], file: String, baseDirectory: String, checksDataFile: Bool = true
    ) throws(SweepFileError) -> SweepSpec {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw SweepFileError([Diagnostic(file: file, position: error.position, message: error.message, path: .root)]
            )
        }
        var decoder = SweepDecoder(file: file, baseDirectory: baseDirectory, checksDataFile: checksDataFile)
        if let spec = decoder.decode(root), decoder.diagnostics.isEmpty { return spec }
        throw SweepFileError(decoder.diagnostics)
    }

    /// A problem with the value at `path` of the sweep file at `file` that is found after the
    /// file was read (such as a validation its data cannot satisfy), placed at that value's line
    /// and column (at none if the file no longer has it).
    public static func diagnostic(_ message: String, at path: JSONPath, inFileAt file: String) -> Diagnostic {
        var node = FileManager.default.contents(atPath: file).flatMap { try? JSONParser.parse([UInt8]($0)) }
        for component in path.components {
            switch (component, node?.value) {
            case (.key(let key), _): node = node?[key]?.value
            case (.index(let index), .array(let items)?) where items.indices.contains(index): node = items[index]
            case (.index, _): node = nil
            }
        }
        return Diagnostic(file: file, position: node?.position, message: message, path: path)
    }
}
