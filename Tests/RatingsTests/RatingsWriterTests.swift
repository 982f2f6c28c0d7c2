import Foundation
import Ratings
import TestSupport
import Testing

@Suite struct RatingsWriterTests {
    @Test func roundTripsThroughCSV() throws {
        try withTempDirectory { dir in
            let t = table([("196", "242", 3, 881_250_949), ("u,\"q\"", "7", 3.5, -2), ("5", "1", 0.1, 0)])
            let path = dir.path + "/out.csv"
            try RatingsWriter.writeCSV(t, to: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(
                text.hasPrefix("userId,movieId,rating,timestamp\n196,242,3.0,881250949\n\"u,\"\"q\"\"\",7,3.5,-2\n"))
            let loaded = try RatingsLoader.load(path: path)
            #expect(loaded.table == t)
            #expect(try dir.contents() == ["out.csv"])
        }
    }

    @Test func replacesExistingFileWhole() throws {
        try withTempDirectory { dir in
            let path = try dir.file("out.csv", String(repeating: "old\n", count: 1000))
            try RatingsWriter.writeCSV(table([("1", "2", 4, 5)]), to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "userId,movieId,rating,timestamp\n1,2,4.0,5\n")
            #expect(try dir.contents() == ["out.csv"])
        }
    }

    @Test func reportsMissingDirectory() throws {
        try withTempDirectory { dir in
            let path = dir.path + "/nope/out.csv"
            #expect(
                ratingsError { try RatingsWriter.writeCSV(table([("1", "2", 4, 5)]), to: path) }
                    == RatingsError(file: path, message: "directory \(dir.path)/nope does not exist"))
        }
    }

    @Test func refusesARatingThatIsNotFiniteAndWritesNothing() throws {
        try withTempDirectory { dir in
            let path = dir.path + "/out.csv"
            for bad in [Float.infinity, -.infinity, .nan] {
                let error = ratingsError {
                    try RatingsWriter.writeCSV(table([("1", "2", 4, 5), ("3", "4", bad, 6)]), to: path)
                }
                #expect(error?.file == path)
                #expect(error?.message.hasPrefix("the rating of row 2 (user 3, item 4) is ") == true)
                #expect(error?.message.hasSuffix(", not a finite number; nothing was written") == true)
                let contents = try dir.contents()
                #expect(contents.isEmpty)
            }
        }
    }
}
