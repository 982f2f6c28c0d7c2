import Core
import Foundation
import Ratings
import Search
import TestSupport
import Testing

@testable import Agents

/// Agents load a sweep's data exactly as the launcher did: the stored spec keeps the
/// duplicates policy, and a file without repeats keeps its fingerprint under every policy.
@Suite struct SweepDataTests {
    @Test func theStoredSpecKeepsTheDuplicatesPolicy() throws {
        try withTempDirectory { dir in
            try dir.file("u.data", "1\t10\t2\t1\n1\t10\t4\t2\n2\t10\t5\t3\n")
            let sweep = try dir.file(
                "s.json", #"{"parameters": {"steps": {"value": 1}}, "data": {"path": "u.data", "duplicates": "mean"}}"#)
            let spec = try SweepFile.load(path: sweep)
            let stored = try StoredSweep.decode(StoredSweep(spec).text, sweep: spec.name)
            #expect(stored.data == spec.data)
            let launched = try SweepData.load(spec)
            let agent = try SweepData.load(stored)
            #expect(agent.table == launched.table)
            #expect(agent.table.ratings == [3, 5])
        }
    }

    @Test func aFileWithoutRepeatsFingerprintsAlikeUnderEveryPolicy() throws {
        try withTempDirectory { dir in
            let data = try dir.file("u.data", "1\t10\t2\t1\n1\t11\t4\t2\n2\t10\t5\t3\n")
            let fingerprints = try [DuplicatePolicy.error, .last, .mean].map { policy in
                let spec = SweepSpec(
                    name: "s", parameters: [:], data: .file(path: data, format: .auto, duplicates: policy))
                return Fingerprint.of(try SweepData.load(spec).table)
            }
            #expect(Set(fingerprints).count == 1)
        }
    }

    @Test func theRatingsCacheSitsBesideASQLiteStoreUnlessTold() throws {
        #expect(
            StoreLocation.ratingsCache(store: "/data/runs/mfsweep.sqlite", option: nil)?.directory == "/data/runs/cache"
        )
        #expect(
            StoreLocation.ratingsCache(store: "/data/runs/mfsweep.sqlite", option: "/fast/cache")?.directory
                == "/fast/cache")
        #expect(StoreLocation.ratingsCache(store: "/data/runs/mfsweep.sqlite", option: "off") == nil)
        #expect(StoreLocation.ratingsCache(store: ":memory:", option: nil) == nil)
        let shared = StoreLocation.ratingsCache(store: "postgres://u@127.0.0.1/db", option: nil)
        #expect(shared?.directory.hasSuffix("/mfsweep") == true)
    }

    @Test func aSweepReadsItsFileThroughTheCacheAndSeesItChange() throws {
        try withTempDirectory { dir in
            let data = try dir.file("u.data", "1\t10\t2\t1\n1\t11\t4\t2\n2\t10\t5\t3\n")
            let cache = StoreLocation.ratingsCache(store: dir.path("mfsweep.sqlite"), option: nil)
            let spec = SweepSpec(name: "s", parameters: [:], data: .file(path: data, format: .auto, duplicates: .error))
            let launched = try SweepData.load(spec, cache: cache)
            guard case .stored(let file)? = launched.cache else {
                Issue.record("\(String(describing: launched.cache))")
                return
            }
            #expect(file.hasPrefix(dir.path("cache") + "/"))
            let agent = try SweepData.load(spec, cache: cache)
            #expect(agent.cache == .hit(file))
            #expect(agent.table == launched.table)
            #expect(agent.fingerprint() == Fingerprint.of(launched.table))
            try "1\t10\t2\t1\n1\t11\t4\t2\n2\t10\t1\t3\n".write(toFile: data, atomically: false, encoding: .utf8)
            let changed = try SweepData.load(spec, cache: cache)
            #expect(changed.cache == .rebuilt(file, reason: "the ratings file changed"))
            #expect(changed.fingerprint() != launched.fingerprint())
        }
    }
}
