import Foundation
import Ratings

/// A fresh directory under the system temporary directory, removed by ``remove()``.
struct TempDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("RatingsTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `contents` (UTF-8) to `name` in the directory and returns its path.
    @discardableResult
    func file(_ name: String, _ contents: String) throws -> String {
        try file(name, bytes: Array(contents.utf8))
    }

    /// Writes raw `bytes` to `name` in the directory and returns its path.
    @discardableResult
    func file(_ name: String, bytes: [UInt8]) throws -> String {
        let target = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// The names of the files in the directory.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body` with a fresh temporary directory that is removed afterwards.
func withTempDirectory<T>(_ body: (TempDirectory) throws -> T) throws -> T {
    let directory = try TempDirectory()
    defer { directory.remove() }
    return try body(directory)
}

/// The error `body` throws as a ``RatingsError``, or nil.
func ratingsError(_ body: () throws -> Void) -> RatingsError? {
    do {
        try body()
        return nil
    } catch let error as RatingsError {
        return error
    } catch {
        return nil
    }
}

/// A table from `(user, item, rating, timestamp)` rows with raw ids.
func table(_ rows: [(String, String, Float, Int64)]) -> RatingsTable {
    var table = RatingsTable()
    for (user, item, rating, timestamp) in rows {
        table.append(user: user, item: item, rating: rating, timestamp: timestamp)
    }
    return table
}

/// The rows of `table` as raw-id tuples, sorted, for order-independent comparison.
func canonicalRows(_ table: RatingsTable) -> [String] {
    (0..<table.count).map { row in
        "\(table.userIDs.rawID(at: table.users[row]))|\(table.itemIDs.rawID(at: table.items[row]))|"
            + "\(table.ratings[row])|\(table.timestamps[row])"
    }.sorted()
}

/// The MovieLens 100K directory (`../shared/data/ml-100k` from the package root).
enum MovieLens100k {
    static let directory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // RatingsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/data/ml-100k").path
    static let ratingsPath = directory + "/u.data"
    static let itemsPath = directory + "/u.item"
    static var available: Bool { FileManager.default.fileExists(atPath: ratingsPath) }
    static var itemsAvailable: Bool { FileManager.default.fileExists(atPath: itemsPath) }
}
