import Core
import Foundation

/// Writes ratings tables to files.
public enum RatingsWriter {
    /// Writes `table` as MovieLens-style CSV: header `userId,movieId,rating,timestamp`, then one
    /// row per rating in table order, with raw ids (quoted per RFC 4180 when they hold a comma,
    /// quote or line break) and ratings as Swift prints a `Float` (`4.0`, `3.5`).
    ///
    /// The file is written through Core's ``AtomicFile`` (a temporary file in the same
    /// directory, flushed, then renamed over `path`), so readers never see a half-written file.
    ///
    /// - Throws: ``RatingsError`` naming `path` if the directory is missing or not writable, or
    ///   if a rating is not a finite number (the loader would refuse the file); then nothing is
    ///   written.
    public static func writeCSV(_ table: RatingsTable, to path: String) throws {
        if let row = table.ratings.firstIndex(where: { !$0.isFinite }) {
            throw RatingsError(
                file: path,
                message: "the rating of row \(row + 1) (user \(table.userIDs.rawID(at: table.users[row])), item "
                    + "\(table.itemIDs.rawID(at: table.items[row]))) is \(table.ratings[row]), not a finite number; "
                    + "nothing was written")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw RatingsError(file: path, message: "directory \(directory) does not exist") }
        let formatter = RowFormatter(
            users: table.userIDs.rawIDs.map(csvField), items: table.itemIDs.rawIDs.map(csvField), separator: 44)
        do {
            try AtomicFile.write(to: path) { emit in
                try Array("userId,movieId,rating,timestamp\n".utf8).withUnsafeBytes { try emit($0) }
                try formatter.format(table, chunkSize: 1 << 20) { chunk in try emit(UnsafeRawBufferPointer(chunk)) }
            }
        } catch let error as FileWriteError {
            throw RatingsError(file: path, message: "cannot write file: \(error.reason)")
        }
    }

    /// The id as a CSV field, quoted if needed.
    private static func csvField(_ id: String) -> String {
        guard id.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return id
        }
        return "\"" + id.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
