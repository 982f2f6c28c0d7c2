import Core
import Foundation

/// A folder of parsed ratings tables, so that a large file is parsed once: the next load of the
/// same file (by `launch`, every agent, `promote`) reads the binary columns back in well under
/// a second instead of parsing text.
///
/// A cache file is keyed by the ratings file's absolute path, the format asked for and the
/// duplicate policy; it records the file's size and modification time and the table's
/// ``Fingerprint``, and ends the header with a checksum of every byte after it. A cache file
/// whose source changed (size or time), or that is truncated or damaged, is never trusted: the
/// ratings are parsed again and the cache file is replaced. Files are written atomically, so
/// agents starting together at most parse the file side by side.
///
/// Only clean loads are cached: a file with skipped bad rows or repeated pairs is parsed every
/// time, so its messages are always shown.
public struct RatingsCache: Sendable, Equatable {
    /// The folder holding the cache files (created when first needed).
    public let directory: String

    /// The environment variable that names the cache folder (or says `off`): `MFSWEEP_CACHE`.
    public static let environmentVariable = "MFSWEEP_CACHE"

    /// A cache in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// The cache a user chose: `option` (`--cache`), else a non-empty `$MFSWEEP_CACHE`; nil
    /// when neither is given. The choice `off` is `.some(nil)`: caching turned off.
    public static func chosen(option: String?) -> RatingsCache?? {
        let environment = ProcessInfo.processInfo.environment[environmentVariable]
        guard let choice = option ?? environment.flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        return .some(choice == "off" ? nil : RatingsCache(directory: choice))
    }

    /// What a load did with the cache.
    public enum Use: Sendable, Equatable {
        /// The table was read from the cache file at this path.
        case hit(String)
        /// The file was parsed and the table stored at this path.
        case stored(String)
        /// The cache file at this path could not be trusted (the reason says why); the file was
        /// parsed and the cache file replaced.
        case rebuilt(String, reason: String)
        /// The file was parsed and nothing was stored (the reason says why).
        case notStored(reason: String)

        /// `hit (Runs/cache/ratings-….bin)`, `rebuilt (…): the ratings file changed`, for `data info`.
        public var description: String {
            switch self {
            case .hit(let path): return "hit (\(path))"
            case .stored(let path): return "stored (\(path))"
            case .rebuilt(let path, let reason): return "rebuilt (\(path)): \(reason)"
            case .notStored(let reason): return "not stored: \(reason)"
            }
        }
    }

    /// The cache file for `path` read as `format` with `duplicates`.
    func file(for path: String, format: RatingsFormat, duplicates: DuplicatePolicy) -> String {
        let key = Self.absolute(path) + "\u{0}" + String(describing: format) + "\u{0}" + duplicates.name
        let digest = SHA256.hex(SHA256.hash(Array(key.utf8))).prefix(20)
        let name = URL(fileURLWithPath: path).lastPathComponent.filter { $0.isLetter || $0.isNumber || $0 == "." }
        return directory + "/ratings-\(name.prefix(40))-\(digest).bin"
    }

    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Loads `path` through the cache: the stored table when the cache file matches the ratings
    /// file and its checksum, else the parsed file (then stored).
    ///
    /// - Throws: what ``RatingsLoader/load(path:format:duplicates:skipBadRows:)`` throws; a
    ///   cache file that cannot be read or written is never an error.
    func load(path: String, format: RatingsFormat, duplicates: DuplicatePolicy, skipBadRows: Bool) throws
        -> LoadedRatings
    {
        let cacheFile = file(for: path, format: format, duplicates: duplicates)
        let source = SourceStamp(path)
        var stale: String?
        if let source, FileManager.default.fileExists(atPath: cacheFile) {
            switch CacheFile.read(cacheFile, source: source, format: String(describing: format), duplicates: duplicates)
            {
            case .success(let stored):
                let resolved = try format == .auto ? RatingsLoader.detectFormat(path: path) : format
                var loaded = LoadedRatings(table: stored.table, path: path, format: resolved)
                loaded.knownFingerprint = stored.fingerprint
                loaded.cache = .hit(cacheFile)
                return loaded
            case .failure(let problem):
                stale = problem.reason
            }
        }
        var loaded = try RatingsLoader.load(
            path: path, format: format, duplicates: duplicates, skipBadRows: skipBadRows)
        guard let source else { return loaded }
        guard loaded.skippedRows == 0, loaded.duplicates.pairs == 0 else {
            loaded.cache = .notStored(reason: "the file has bad rows or repeated pairs, so it is parsed every time")
            return loaded
        }
        // The file must not have changed while it was parsed.
        guard SourceStamp(path) == source else {
            loaded.cache = .notStored(reason: "the ratings file changed while it was read")
            return loaded
        }
        let fingerprint = Fingerprint.of(loaded.table)
        loaded.knownFingerprint = fingerprint
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try CacheFile.write(
                loaded.table, to: cacheFile, source: source, format: String(describing: format),
                duplicates: duplicates, fingerprint: fingerprint)
            loaded.cache = stale.map { .rebuilt(cacheFile, reason: $0) } ?? .stored(cacheFile)
        } catch {
            loaded.cache = .notStored(reason: "cannot write \(cacheFile): \(Self.reason(error))")
        }
        return loaded
    }

    /// The system's words for `error`.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? FileWriteError { return error.reason }
        return (error as NSError).localizedDescription
    }
}

/// What identifies a ratings file's contents without reading it: its absolute path, size and
/// modification time (nanoseconds).
struct SourceStamp: Equatable, Codable {
    var path: String
    var size: Int64
    var modified: Int64

    /// The stamp of the regular file at `path`; nil for anything else (the loader then says why).
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        self.path = RatingsCache.absolute(path)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }
}
