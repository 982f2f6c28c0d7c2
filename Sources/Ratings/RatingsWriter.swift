import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes ratings tables to files.
public enum RatingsWriter {
    /// Writes `table` as MovieLens-style CSV: header `userId,movieId,rating,timestamp`, then one
    /// row per rating in table order, with raw ids (quoted per RFC 4180 when they hold a comma,
    /// quote or line break) and ratings as Swift prints a `Float` (`4.0`, `3.5`).
    ///
    /// The file is written to a temporary file in the same directory and renamed over `path`,
    /// so readers never see a half-written file.
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
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw RatingsError(file: path, message: "directory \(directory) does not exist") }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(
                ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
            )
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw RatingsError(file: path, message: "cannot create a file in \(directory)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            do {
                try handle.write(contentsOf: Array("userId,movieId,rating,timestamp\n".utf8))
                let formatter = RowFormatter(
                    users: table.userIDs.rawIDs.map(csvField), items: table.itemIDs.rawIDs.map(csvField),
                    separator: 44)
                try formatter.format(table, chunkSize: 1 << 20) { chunk in
                    try handle.write(contentsOf: chunk)
                }
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            guard rename(temporary.path, path) == 0 else {
                throw RatingsError(file: path, message: "cannot replace the file: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let error = error as? RatingsError { throw error }
            throw RatingsError(file: path, message: "cannot write file: \(error.localizedDescription)")
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
