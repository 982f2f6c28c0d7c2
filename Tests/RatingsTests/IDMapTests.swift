import Core
import Ratings
import TestSupport
import Testing

@Suite struct IDMapTests {
    @Test func roundTripsRawIdsAndIndices() {
        var map = IDMap()
        #expect(map.intern("196") == 0)
        #expect(map.intern("tt0114709") == 1)
        #expect(map.intern("196") == 0)
        #expect(map.count == 2)
        for raw in ["196", "tt0114709"] {
            #expect(map.rawID(at: map.index(of: raw)!) == raw)
        }
        #expect(map.index(of: "nope") == nil)
        #expect(IDMap(rawIDs: ["196", "tt0114709"]) == map)
    }

    @Test func tableAppendsAndSubsetsKeepingMaps() {
        let t = table([("u1", "i1", 4, 1), ("u2", "i1", 3, 2), ("u1", "i2", 5, 3)])
        #expect(t.users == [0, 1, 0] && t.items == [0, 0, 1])
        let sub = t.subset([2, 0])
        #expect(sub.count == 2 && sub.ratings == [5, 4] && sub.userIDs == t.userIDs && sub.itemIDs == t.itemIDs)
    }

    @Test func loaderMapsNumericAndTextIdsConsistently() throws {
        try withTempDirectory { dir in
            let path = try dir.file(
                "x.csv", "userId,movieId,rating,timestamp\n5,10,1,0\n05,10,2,0\n5,\"10\",3,0\nabc,99999999,4,0\n")
            // User "5" rates item "10" twice (lines 2 and 4): keep both rows to see both map alike.
            let t = try RatingsLoader.load(path: path, duplicates: .keep).table
            #expect(t.userIDs.rawIDs == ["5", "05", "abc"])
            #expect(t.itemIDs.rawIDs == ["10", "99999999"])
            #expect(t.users == [0, 1, 0, 2] && t.items == [0, 0, 0, 1])
        }
    }
}
