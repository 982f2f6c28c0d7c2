import Core
import Foundation
import Ratings
import TestSupport
import Testing

@Suite struct RatingsCacheTests {
    static let text = "userId,movieId,rating,timestamp\n1,10,4.0,5\n2,10,3.5,6\n1,11,2.0,7\n3,12,5.0,8\n"

    /// The one cache file in `dir`.
    static func cacheFile(_ dir: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".bin") }
        try #require(names.count == 1, "cache files: \(names)")
        return dir + "/" + names[0]
    }

    @Test func storesThenHitsWithTheSameTableAndFingerprint() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.file("ratings.csv", Self.text)
        let cache = RatingsCache(directory: dir.path("cache"))
        let first = try RatingsLoader.load(path: path, cache: cache)
        guard case .stored(let file)? = first.cache else { Issue.record("\(String(describing: first.cache))"); return }
        let second = try RatingsLoader.load(path: path, cache: cache)
        #expect(second.cache == .hit(file))
        #expect(second.table == first.table)
        #expect(second.format == first.format)
        #expect(second.fingerprint() == Fingerprint.of(first.table))
        #expect(second.knownFingerprint != nil)
        #expect(second.table == (try RatingsLoader.load(path: path)).table)
    }

    @Test func aChangedRatingsFileIsParsedAgain() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.file("ratings.csv", Self.text)
        let cache = RatingsCache(directory: dir.path("cache"))
        _ = try RatingsLoader.load(path: path, cache: cache)
        try (Self.text + "4,13,1.0,9\n").write(toFile: path, atomically: false, encoding: .utf8)
        let changed = try RatingsLoader.load(path: path, cache: cache)
        guard case .rebuilt(_, let reason)? = changed.cache else {
            Issue.record("\(String(describing: changed.cache))")
            return
        }
        #expect(reason == "the ratings file changed")
        #expect(changed.table.count == 5)
        #expect(try RatingsLoader.load(path: path, cache: cache).table.count == 5)
    }

    /// Damage done to the cache file, and the reason the next load gives.
    static let damages: [(String, String, @Sendable (inout [UInt8]) -> Void)] = [
        ("a flipped byte in the ids", "its checksum does not match (the file is damaged)", { $0[$0.count - 5] ^= 1 }),
        ("a cut", "it is truncated", { $0.removeLast(30) }),
        ("not a cache file", "it is not a cache file", { $0 = Array("hello".utf8) + [UInt8](repeating: 0, count: 20) }),
        ("a damaged header", "its header is damaged", { $0[20] = 0x7B }),
    ]

    @Test(arguments: 0..<4)
    func aDamagedCacheFileIsNeverTrusted(_ index: Int) throws {
        let (damage, reason, apply) = Self.damages[index]
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.file("ratings.csv", Self.text)
        let cache = RatingsCache(directory: dir.path("cache"))
        let good = try RatingsLoader.load(path: path, cache: cache)
        let file = try Self.cacheFile(dir.path("cache"))
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        apply(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let again = try RatingsLoader.load(path: path, cache: cache)
        #expect(again.cache == .rebuilt(file, reason: reason), "\(damage)")
        #expect(again.table == good.table, "\(damage)")
        #expect(try RatingsLoader.load(path: path, cache: cache).cache == .hit(file), "\(damage): replaced")
    }

    @Test func otherOptionsUseAnotherCacheFile() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.file("ratings.csv", Self.text)
        let cache = RatingsCache(directory: dir.path("cache"))
        _ = try RatingsLoader.load(path: path, cache: cache)
        let noTime = RatingsFormat.csv(DelimitedOptions(timestamp: nil))
        let other = try RatingsLoader.load(path: path, format: noTime, cache: cache)
        guard case .stored? = other.cache else { Issue.record("\(String(describing: other.cache))"); return }
        #expect(other.table.timestamps.allSatisfy { $0 == 0 })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("cache")).count == 2)
    }

    @Test func filesWithRepeatedPairsOrBadRowsAreNotStored() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let repeated = try dir.file("repeated.csv", Self.text + "1,10,1.0,9\n")
        let cache = RatingsCache(directory: dir.path("cache"))
        let merged = try RatingsLoader.load(path: repeated, duplicates: .last, cache: cache)
        #expect(
            merged.cache == .notStored(reason: "the file has bad rows or repeated pairs, so it is parsed every time"))
        let bad = try dir.file("bad.csv", Self.text + "5,13,x,9\n")
        let skipped = try RatingsLoader.load(path: bad, skipBadRows: true, cache: cache)
        #expect(skipped.skippedRows == 1)
        #expect(skipped.cache == merged.cache)
        #expect(!FileManager.default.fileExists(atPath: dir.path("cache")))
    }

    @Test func anUnwritableCacheIsNotAnError() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.file("ratings.csv", Self.text)
        try dir.file("cache", "a file where the folder should be")
        let loaded = try RatingsLoader.load(path: path, cache: RatingsCache(directory: dir.path("cache")))
        #expect(loaded.table.count == 4)
        guard case .notStored(let reason)? = loaded.cache else {
            Issue.record("\(String(describing: loaded.cache))")
            return
        }
        #expect(reason.hasPrefix("cannot write"))
    }

    @Test func aMissingFileStillSaysSo() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        #expect(throws: RatingsError(file: dir.path("none.csv"), message: "no such file")) {
            try RatingsLoader.load(path: dir.path("none.csv"), cache: RatingsCache(directory: dir.path("cache")))
        }
    }
}
