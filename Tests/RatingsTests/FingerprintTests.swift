import Ratings
import TestSupport
import Testing

@Suite struct FingerprintTests {
    @Test func hashesCanonicalSortedRows() {
        // Canonical text: "1\t10\t5.0\t100\n10\t7\t3.5\t50\n9\t10\t1.0\t7\n9\t10\t2.5\t7\n" (ids in byte order).
        let t = table([("9", "10", 2.5, 7), ("10", "7", 3.5, 50), ("1", "10", 5, 100), ("9", "10", 1, 7)])
        #expect(Fingerprint.of(t) == "sha256:09c75bbc46f928ff5cb6adc12d4521fac29e75e07a4527c6efd9aeee2120034e")
    }

    @Test func ignoresRowOrderAndFileFormat() throws {
        try withTempDirectory { dir in
            let uData = try dir.file(
                "u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n")
            let csv = try dir.file(
                "ratings.csv",
                "userId,movieId,rating,timestamp\n22,377,1.0,878887116\n196,242,3.0,881250949\n186,302,3.0,891717742\n")
            let dat = try dir.file(
                "ratings.dat", "186::302::3::891717742\r\n22::377::1::878887116\r\n196::242::3::881250949\r\n")
            let a = Fingerprint.of(try RatingsLoader.load(path: uData).table)
            #expect(a == Fingerprint.of(try RatingsLoader.load(path: csv).table))
            #expect(a == Fingerprint.of(try RatingsLoader.load(path: dat).table))
            #expect(a.hasPrefix("sha256:") && a.count == 7 + 64)
            let changed = try dir.file(
                "changed.csv",
                "userId,movieId,rating,timestamp\n22,377,1.5,878887116\n196,242,3.0,881250949\n186,302,3.0,891717742\n")
            #expect(a != Fingerprint.of(try RatingsLoader.load(path: changed).table))
        }
    }

    @Test func ignoresUnusedIdsInMaps() {
        let t = table([("a", "x", 1, 1), ("b", "y", 2, 2)])
        let sub = t.subset([1])
        #expect(Fingerprint.of(sub) == Fingerprint.of(table([("b", "y", 2, 2)])))
    }
}
