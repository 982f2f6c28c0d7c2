import Foundation
import Search

/// The shared folder `../shared/book-sweeps/` next to the package root, if present.
func bookSweepsDirectory() -> String? {
    let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let dir = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/book-sweeps").path
    return FileManager.default.fileExists(atPath: dir) ? dir : nil
}

/// Parses `json` as the sweep file `sweep.json` in `directory` (default: the temporary folder).
func parse(_ json: String, file: String = "sweep.json", in directory: String = NSTemporaryDirectory())
    throws(SweepFileError) -> SweepSpec
{
    try SweepFile.parse(Array(json.utf8), file: file, baseDirectory: directory)
}

/// The diagnostics of parsing `json`, or [] if it parses.
func diagnostics(_ json: String, file: String = "sweep.json", in directory: String = NSTemporaryDirectory())
    -> [Diagnostic]
{
    do {
        _ = try parse(json, file: file, in: directory)
        return []
    } catch {
        return error.diagnostics
    }
}

/// A random sweep over `parameters` (a JSON object's text) for the trainer.
func sweep(_ parameters: String, method: String = "random", extra: String = "") -> String {
    #"{"method": "\#(method)", "parameters": \#(parameters)\#(extra.isEmpty ? "" : ", " + extra)}"#
}
