import Core
import Ratings
import TestSupport
import Testing

/// Raw ids are taken as written: UTF-8 only, never repaired.
@Suite struct RatingsLoaderIDTests {
    @Test func rejectsAUserIDThatIsNotUTF8WithLineAndColumn() throws {
        try withTempDirectory { dir in
            let path = try dir.file(
                "u.data", bytes: Array("1\t2\t3\t4\n".utf8) + [0x61, 0x62, 0xFF] + Array("\t2\t3\t4\n".utf8))
            let error = ratingsError { _ = try RatingsLoader.load(path: path) }
            #expect(
                error
                    == RatingsError(file: path, line: 2, message: "user id is not valid UTF-8 (byte 0xFF at column 3)"))
            #expect(error?.exitStatus == .invalidInput)
        }
    }

    @Test func rejectsAnItemIDThatIsNotUTF8() throws {
        try withTempDirectory { dir in
            let bytes = Array("userId,movieId,rating,timestamp\n1,".utf8) + [0xC3, 0x28] + Array(",4,5\n".utf8)
            let path = try dir.file("ratings.csv", bytes: bytes)
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: path) }
                    == RatingsError(file: path, line: 2, message: "item id is not valid UTF-8 (byte 0xC3 at column 3)"))
        }
    }

    /// Overlong forms, surrogates, code points above U+10FFFF, stray continuation bytes and
    /// sequences cut short by the end of the field.
    @Test(
        arguments: [
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0x80], [0xBF], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xFE], [0xFF],
        ] as [[UInt8]])
    func rejectsIllFormedSequences(_ sequence: [UInt8]) throws {
        try withTempDirectory { dir in
            let path = try dir.file("u.data", bytes: [0x75] + sequence + Array("\t2\t3\t4\n".utf8))
            let message = ratingsError { _ = try RatingsLoader.load(path: path) }?.message
            let hex = String(sequence[0], radix: 16, uppercase: true)
            #expect(message == "user id is not valid UTF-8 (byte 0x\(hex) at column 2)")
        }
    }

    @Test func distinctIDsThatAreNotUTF8AreNotMergedWhenSkipped() throws {
        try withTempDirectory { dir in
            let bytes =
                [0xFF] + Array("\t1\t3\t4\n".utf8) + [0xFE] + Array("\t1\t3\t4\n".utf8) + Array("a\t1\t3\t4\n".utf8)
            let path = try dir.file("u.data", bytes: bytes)
            let loaded = try RatingsLoader.load(path: path, skipBadRows: true)
            #expect(loaded.skippedRows == 2)
            #expect(loaded.table.userIDs.rawIDs == ["a"])
            #expect(!loaded.table.userIDs.rawIDs.contains("\u{FFFD}"))
        }
    }

    @Test func acceptsUTF8IDsOfEveryLength() throws {
        try withTempDirectory { dir in
            let path = try dir.file(
                "ratings.csv", "userId,movieId,rating,timestamp\nZoë,日本,4,1\nZoe,😀,3,2\n\"é,\"\"x\"\"\",ü,5,3\n")
            let table = try RatingsLoader.load(path: path).table
            #expect(table.userIDs.rawIDs == ["Zoë", "Zoe", "é,\"x\""])
            #expect(table.itemIDs.rawIDs == ["日本", "😀", "ü"])
        }
    }
}
