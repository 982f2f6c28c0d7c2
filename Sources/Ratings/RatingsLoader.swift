public import Core
import Foundation

/// Loads ratings files into a ``RatingsTable``.
///
/// Accepted layouts: MovieLens 100K `u.data` (tab-separated `user item rating timestamp`),
/// MovieLens 1M/10M `ratings.dat` (`::`-separated), MovieLens `ratings.csv` (header
/// `userId,movieId,rating,timestamp`, half-star ratings) and any delimited file described by
/// ``DelimitedOptions``. Blank lines and `\r\n` line endings are ignored. Raw ids are kept as
/// strings in the table's id maps; an id that is not valid UTF-8 is a bad row (it is never
/// repaired, which would merge every such id into one).
///
/// The file is read whole as bytes and parsed by hand (integers and plain decimals without
/// making strings), so MovieLens 25M loads in seconds in a release build.
///
/// - Complexity: O(bytes in the file).
public enum RatingsLoader {
    /// Loads the ratings in `path`.
    ///
    /// With ``RatingsFormat/auto`` the format comes from the file name (`u.data` or `*.data` →
    /// MovieLens 100K, `*.dat` → `::`, `*.csv` → comma-separated), else from the first non-blank
    /// line (`::` → dat, a tab → 100K, a comma → CSV). A comma-separated file whose first field
    /// is a number has no header and is read as columns 1–4; otherwise it is ``RatingsFormat/movieLensCSV``.
    ///
    /// A (user, item) pair rated on several rows is resolved by `duplicates` (see
    /// ``DuplicatePolicy``); ``LoadedRatings/duplicates`` counts such pairs as the file has them.
    ///
    /// - Parameter skipBadRows: count bad rows (non-numeric rating, missing column, …) instead
    ///   of throwing at the first; a missing, unreadable or empty file and a bad header still throw.
    ///   A repeated pair is not a bad row: `duplicates` decides.
    /// - Throws: ``RatingsError`` naming the file and, for a bad row or a repeated pair (with
    ///   ``DuplicatePolicy/error``), its 1-based line; ``DelimitedOptionsError`` when two roles
    ///   (user, item, rating, timestamp) name one column.
    /// - Parameter cache: where to keep the parsed table, so that the next load of the same,
    ///   unchanged file reads it back instead of parsing (see ``RatingsCache``); nil to parse.
    public static func load(
        path: String, format: RatingsFormat = .auto, duplicates: DuplicatePolicy = .error, skipBadRows: Bool = false,
        cache: RatingsCache? = nil
    ) throws -> LoadedRatings {
        if let cache {
            return try cache.load(path: path, format: format, duplicates: duplicates, skipBadRows: skipBadRows)
        }
        let data = try FileBytes.read(path)
        return try data.withUnsafeBytes { bytes in
            try parse(bytes: bytes, path: path, format: format, duplicates: duplicates, skipBadRows: skipBadRows)
        }
    }

    /// Parses `bytes`, the contents of a file at `path`, as ``load(path:format:duplicates:skipBadRows:)``
    /// does once it has read the file: `path` names the file in errors and, with
    /// ``RatingsFormat/auto``, its name helps pick the format.
    ///
    /// - Throws: as ``load(path:format:duplicates:skipBadRows:)``.
    public static func parse(
        bytes: UnsafeRawBufferPointer, path: String, format: RatingsFormat = .auto,
        duplicates: DuplicatePolicy = .error, skipBadRows: Bool = false
    ) throws -> LoadedRatings {
        try format.options?.validate()
        let resolved = try format == .auto ? detectFormat(path: path, bytes: bytes) : format
        guard let options = resolved.options else { preconditionFailure("format was resolved") }
        var parser = DelimitedRatingsParser(bytes: bytes, path: path, options: options, skipBadRows: skipBadRows)
        var lines = try parser.begin()
        let fast = FastRatingsParser(
            bytes: bytes, start: min(lines.offset, bytes.count), delimiter: Array(options.delimiter.utf8),
            columns: parser.columns, expectedFields: parser.expectedFields
        ).parse()
        var table: RatingsTable
        if let fast {
            table = fast
        } else {
            try parser.parseRows(&lines)
            table = parser.table
        }
        var pairs = DuplicatePairs.none
        let scan = DuplicateScan(table)
        if let first = scan.repeats.first {
            // The fast path keeps no line numbers; parsing again (only here) recovers them.
            var lines = DelimitedRatingsParser(
                bytes: bytes, path: path, options: options, skipBadRows: skipBadRows, recordsLines: true)
            try lines.parse()
            let example = DuplicatePairs.Example(
                user: table.userIDs.rawID(at: table.users[first.row]),
                item: table.itemIDs.rawID(at: table.items[first.row]),
                line: lines.rowLines[first.row], firstLine: lines.rowLines[first.first])
            pairs = DuplicatePairs(pairs: scan.pairCount, extraRows: scan.repeats.count, first: example)
            if duplicates == .error {
                throw RatingsError(file: path, line: example.line, message: repeatMessage(pairs, example))
            }
            table = scan.merged(table, policy: duplicates)
        }
        return LoadedRatings(
            table: table, path: path, format: resolved, skippedRows: parser.skippedRows,
            firstSkippedError: parser.firstSkippedError, duplicates: pairs)
    }

    /// `user "1" rated item "2" again, first on line 5 (…); pass --duplicates last or mean …`.
    private static func repeatMessage(_ pairs: DuplicatePairs, _ example: DuplicatePairs.Example) -> String {
        func quoted(_ id: String) -> String { "\"" + (id.count > 40 ? id.prefix(40) + "…" : id) + "\"" }
        let others = pairs.pairs > 1 ? "; \(pairs.pairs) pairs repeat in the file" : ""
        return "user \(quoted(example.user)) rated item \(quoted(example.item)) again, first on line "
            + "\(example.firstLine)\(others); pass --duplicates last or --duplicates mean to keep one rating "
            + "per pair (\"duplicates\" in a sweep file's data)"
    }

    /// The format of `path` from its name, or else its first non-blank line (read from its
    /// first 64 KiB).
    static func detectFormat(path: String) throws -> RatingsFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RatingsError(file: path, message: "cannot read file")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 1 << 16)) ?? Data()
        return try head.withUnsafeBytes { try detectFormat(path: path, bytes: $0) }
    }

    /// The format of `path` from its name, or else its first non-blank line.
    static func detectFormat(path: String, bytes: UnsafeRawBufferPointer) throws -> RatingsFormat {
        let (name, ext) = FileBytes.nameAndExtension(path)
        var lines = LineReader(bytes)
        let firstLine = lines.next().map { Array(bytes[$0.range]) }
        if name == "u.data" || ext == "data" { return .movieLens100k }
        if ext == "dat" { return .movieLensDat }
        guard let firstLine else { throw RatingsError(file: path, message: "file is empty") }
        if ext == "csv" { return csvFormat(firstLine: firstLine) }
        if firstLine.containsSubsequence([58, 58]) { return .movieLensDat }
        if firstLine.contains(9) { return .movieLens100k }
        if firstLine.contains(44) { return csvFormat(firstLine: firstLine) }
        throw RatingsError(
            file: path,
            message: "cannot tell the ratings format from the file name or the first line; accepted: "
                + "u.data (tab-separated), ratings.dat (\"::\"-separated), ratings.csv (comma-separated "
                + "with a userId,movieId,rating,timestamp header); pass the format explicitly")
    }

    /// MovieLens CSV when the first line is a header, numbered columns when it is data.
    private static func csvFormat(firstLine: [UInt8]) -> RatingsFormat {
        let text = String(decoding: firstLine, as: UTF8.self)
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        let first = fields[0].trimmingCharacters(in: CharacterSet(charactersIn: " \""))
        let numeric = !first.isEmpty && first.unicodeScalars.allSatisfy { "0123456789.-+".unicodeScalars.contains($0) }
        guard numeric else { return .csv(RatingsFormat.movieLensCSV) }
        return .csv(.numbered(delimiter: ",", withTimestamp: fields.count >= 4))
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs contiguously in the array.
    fileprivate func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
