import Foundation
import Ratings

/// `mfbench load`: a ratings file's load time, parsed (cold: no cache, the file in the page
/// cache after the first repeat) and read back from a ``RatingsCache`` (warm), medians of
/// `--repeats`, with the parse rate in MB/s.
func benchmarkLoad(_ args: Arguments) throws {
    let clock = ContinuousClock()
    let bytes = Double((try FileManager.default.attributesOfItem(atPath: args.data)[.size] as? NSNumber)?.intValue ?? 0)
    let cacheDirectory = args.cache ?? NSTemporaryDirectory() + "/mfbench-cache-\(getpid())"
    let cache = RatingsCache(directory: cacheDirectory)
    var cold: [Double] = []
    var warm: [Double] = []
    var count = 0
    for _ in 0..<args.repeats {
        let start = clock.now
        let loaded = try RatingsLoader.load(path: args.data)
        cold.append(seconds(start.duration(to: clock.now)))
        count = loaded.table.count
    }
    _ = try RatingsLoader.load(path: args.data, cache: cache)  // stores it
    for _ in 0..<args.repeats {
        let start = clock.now
        let loaded = try RatingsLoader.load(path: args.data, cache: cache)
        warm.append(seconds(start.duration(to: clock.now)))
        guard case .hit = loaded.cache else { fail("the cache was not used: \(String(describing: loaded.cache))") }
    }
    if args.cache == nil { try? FileManager.default.removeItem(atPath: cacheDirectory) }
    let row: [String: Any] = [
        "file": args.data, "bytes": bytes, "ratings": count, "cold_s": median(cold), "warm_s": median(warm),
        "cold_mb_per_s": bytes / 1e6 / median(cold), "repeats": args.repeats,
    ]
    if args.json {
        let out = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
        print(String(decoding: out, as: UTF8.self))
    } else {
        print(
            String(
                format: "mfbench load: %@, %d ratings, %.0f MB: cold %.2f s (%.0f MB/s), warm %.3f s (medians of %d)",
                args.data, count, bytes / 1e6, median(cold), bytes / 1e6 / median(cold), median(warm), args.repeats))
    }
}
