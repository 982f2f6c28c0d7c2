public import Foundation

/// A fresh directory under the system temporary directory, removed by ``remove()`` (or by
/// ``withTempDirectory(_:)`` when its body returns).
///
/// Each test makes its own, so tests running in parallel never share files.
public struct TempDirectory: Sendable {
    /// The directory.
    public let url: URL

    /// Creates the directory, named after the test target that asks for it
    /// (`mfsweep-RatingsTests-<UUID>`), so a leftover one says where it came from.
    public init(fileID: String = #fileID) throws {
        let target = fileID.split(separator: "/").first.map(String.init) ?? "tests"
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mfsweep-\(target)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The directory's path.
    public var path: String { url.path }

    /// The path of `name` inside the directory (nothing is created).
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `contents` (UTF-8) to `name` in the directory, creating the folders `name` names,
    /// and returns its path.
    @discardableResult
    public func file(_ name: String, _ contents: String) throws -> String {
        try file(name, bytes: Array(contents.utf8))
    }

    /// Writes raw `bytes` to `name` in the directory, creating the folders `name` names, and
    /// returns its path.
    @discardableResult
    public func file(_ name: String, bytes: [UInt8]) throws -> String {
        let target = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target)
        return target.path
    }

    /// The names of the entries directly in the directory, sorted.
    public func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    /// Deletes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body` with a fresh ``TempDirectory`` that is removed afterwards, even when `body`
/// throws.
public func withTempDirectory<T>(
    fileID: String = #fileID, _ body: (TempDirectory) throws -> T
) throws -> T {
    let directory = try TempDirectory(fileID: fileID)
    defer { directory.remove() }
    return try body(directory)
}
