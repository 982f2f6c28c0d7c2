import Foundation
import Ratings
import TestSupport
import Testing

@Suite struct ItemTitlesTests {
    @Test func decodesLatin1UItem() throws {
        try withTempDirectory { dir in
            var bytes = Array(
                "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0\n".utf8)
            bytes += Array("543|Mis".utf8) + [0xE9] + Array("rables, Les (1995)|01-Jan-1995||x|0\r\n\n".utf8)
            let path = try dir.file("u.item", bytes: bytes)
            let titles = try ItemTitles.load(path: path)
            #expect(titles == ["1": "Toy Story (1995)", "543": "Misérables, Les (1995)"])
        }
    }

    @Test func readsUTF8PipeFileBySniffing() throws {
        try withTempDirectory { dir in
            let path = try dir.file("titles.txt", "7|Amélie (2001)|x\n")
            #expect(try ItemTitles.load(path: path) == ["7": "Amélie (2001)"])
        }
    }

    @Test func readsQuotedMoviesCSV() throws {
        try withTempDirectory { dir in
            let path = try dir.file(
                "movies.csv",
                "movieId,title,genres\r\n1,Toy Story (1995),Adventure|Animation\r\n"
                    + "11,\"American President, The (1995)\",Comedy|Drama|Romance\r\n\r\n"
                    + "3,\"Dr. \"\"Quoted\"\", Part\nTwo (1964)\",Comedy\n")
            let titles = try ItemTitles.load(path: path)
            #expect(titles["1"] == "Toy Story (1995)")
            #expect(titles["11"] == "American President, The (1995)")
            #expect(titles["3"] == "Dr. \"Quoted\", Part\nTwo (1964)")
            #expect(titles.count == 3)
        }
    }

    @Test func reportsLineAfterMultilineField() throws {
        try withTempDirectory { dir in
            let path = try dir.file("movies.csv", "movieId,title,genres\n1,\"A\nB\",x\n2\n")
            #expect(
                ratingsError { _ = try ItemTitles.load(path: path) }
                    == RatingsError(file: path, line: 4, message: "expected 3 columns separated by \",\", found 1"))
        }
    }

    @Test func rejectsHeaderWithoutTitle() throws {
        try withTempDirectory { dir in
            let path = try dir.file("movies.csv", "movieId,name\n1,x\n")
            #expect(
                ratingsError { _ = try ItemTitles.load(path: path) }?.description
                    == "\(path):1: header has no column \"title\"; the header's columns are \"movieId\", \"name\"")
        }
    }

    @Test func rejectsUnclosedQuote() throws {
        try withTempDirectory { dir in
            let path = try dir.file("movies.csv", "movieId,title,genres\n1,\"Open,x\n2,y,z\n")
            #expect(
                ratingsError { _ = try ItemTitles.load(path: path) }
                    == RatingsError(file: path, line: 2, message: "a field opens a double quote but never closes it"))
        }
    }

    @Test func rejectsShortPipeRowAndEmptyFile() throws {
        try withTempDirectory { dir in
            let path = try dir.file("u.item", "1|A\n2\n")
            #expect(
                ratingsError { _ = try ItemTitles.load(path: path) }
                    == RatingsError(
                        file: path, line: 2,
                        message: "expected at least 2 fields separated by \"|\" (id|title|…), found 1"))
            let empty = try dir.file("movies.csv", "\n")
            #expect(ratingsError { _ = try ItemTitles.load(path: empty) }?.description == "\(empty): file is empty")
            #expect(ratingsError { _ = try ItemTitles.load(path: dir.path + "/none.csv") }?.message == "no such file")
        }
    }
}
