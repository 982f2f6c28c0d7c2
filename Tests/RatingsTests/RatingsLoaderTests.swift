import Core
import Foundation
import Ratings
import TestSupport
import Testing

@Suite struct RatingsLoaderTests {
    @Test func loadsMovieLens100kByName() throws {
        try withTempDirectory { dir in
            let path = try dir.file(
                "u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t377\t1\t878887116\n")
            let loaded = try RatingsLoader.load(path: path)
            #expect(loaded.format == .movieLens100k)
            #expect(loaded.path == path)
            #expect(loaded.skippedRows == 0 && loaded.firstSkippedError == nil)
            let t = loaded.table
            #expect(t.count == 3 && t.userCount == 2 && t.itemCount == 3)
            #expect(t.userIDs.rawIDs == ["196", "186"])
            #expect(t.itemIDs.rawIDs == ["242", "302", "377"])
            #expect(t.users == [0, 1, 0] && t.items == [0, 1, 2])
            #expect(t.ratings == [3, 3, 1])
            #expect(t.timestamps == [881_250_949, 891_717_742, 878_887_116])
        }
    }

    @Test func loadsDatWithCRLFAndBlankLines() throws {
        try withTempDirectory { dir in
            let path = try dir.file(
                "ratings.dat", "1::1193::5::978300760\r\n\r\n  \n1::661::3::978302109\r\n2::1193::4::978298413\r\n\r\n")
            let loaded = try RatingsLoader.load(path: path)
            #expect(loaded.format == .movieLensDat)
            #expect(loaded.table.count == 3)
            #expect(loaded.table.itemIDs.rawIDs == ["1193", "661"])
            #expect(loaded.table.ratings == [5, 3, 4])
            #expect(loaded.table.timestamps.last == 978_298_413)
        }
    }

    @Test func loadsMovieLensCSVWithHalfStars() throws {
        try withTempDirectory { dir in
            let path = try dir.file(
                "ratings.csv",
                "userId,movieId,rating,timestamp\n1,296,5.0,1147880044\n1,306,3.5,1147868817\n2,307,0.5,1147868828\n")
            let loaded = try RatingsLoader.load(path: path)
            #expect(loaded.format == .csv(RatingsFormat.movieLensCSV))
            #expect(loaded.table.ratings == [5.0, 3.5, 0.5])
            #expect(loaded.table.userIDs.rawIDs == ["1", "2"])
        }
    }

    @Test func readsNamedColumnsInAnyOrder() throws {
        try withTempDirectory { dir in
            let path = try dir.file("scores.tsv", "score\titem\tuser\n4.5\ta\tu1\n2\tb\tu2\n")
            let options = DelimitedOptions(
                delimiter: "\t", hasHeader: true, user: .name("user"), item: .name("item"), rating: .name("Score"),
                timestamp: nil)
            let loaded = try RatingsLoader.load(path: path, format: .csv(options))
            #expect(loaded.format == .csv(options))
            #expect(canonicalRows(loaded.table) == ["u1|a|4.5|0", "u2|b|2.0|0"])
        }
    }

    @Test func readsNumberedColumnsWithoutHeader() throws {
        try withTempDirectory { dir in
            let path = try dir.file("x.txt", "99;u1;i1;4\n98;u2;i1;2.25\n")
            let options = DelimitedOptions(
                delimiter: ";", hasHeader: false, user: .number(2), item: .number(3), rating: .number(4),
                timestamp: .number(1))
            let loaded = try RatingsLoader.load(path: path, format: .csv(options))
            #expect(canonicalRows(loaded.table) == ["u1|i1|4.0|99", "u2|i1|2.25|98"])
        }
    }

    @Test func readsQuotedFieldsAndOddNumbers() throws {
        try withTempDirectory { dir in
            let path = try dir.file(
                "quoted.csv",
                "userId,movieId,rating,timestamp\n\"u,1\", \"say \"\"hi\"\"\" ,4e0,5\n007,12,-1.5,-3\n")
            let loaded = try RatingsLoader.load(path: path)
            #expect(canonicalRows(loaded.table) == ["007|12|-1.5|-3", "u,1|say \"hi\"|4.0|5"])
        }
    }

    @Test(arguments: [
        ("ratings.txt", "1::2::3::4\n", RatingsFormat.movieLensDat),
        ("ratings.txt", "1\t2\t3\t4\n", RatingsFormat.movieLens100k),
        (
            "ratings.txt", "\n\nuserId,movieId,rating,timestamp\n1,2,3,4\n",
            RatingsFormat.csv(RatingsFormat.movieLensCSV)
        ),
        ("plain.csv", "1,2,3.5,4\n", RatingsFormat.csv(.numbered(delimiter: ","))),
        ("plain.csv", "1,2,3.5\n", RatingsFormat.csv(.numbered(delimiter: ",", withTimestamp: false))),
        ("other.data", "1\t2\t3\t4\n", RatingsFormat.movieLens100k),
    ])
    func detectsFormat(name: String, contents: String, expected: RatingsFormat) throws {
        try withTempDirectory { dir in
            let loaded = try RatingsLoader.load(path: try dir.file(name, contents))
            #expect(loaded.format == expected)
            #expect(loaded.table.count == 1)
        }
    }

    @Test func parsesFormatArguments() {
        for name in RatingsFormat.argumentNames {
            #expect(RatingsFormat(argument: name)?.name == name)
        }
        #expect(RatingsFormat(argument: "csv") == .csv(RatingsFormat.movieLensCSV))
        #expect(RatingsFormat(argument: "MovieLens-100K") == .movieLens100k)
        #expect(RatingsFormat(argument: "parquet") == nil)
        #expect(RatingsFormat.auto.options == nil)
    }

    // MARK: errors

    @Test func rejectsNonNumericRatingWithLine() throws {
        try withTempDirectory { dir in
            let path = try dir.file("u.data", "1\t2\t3\t4\n\n1\t3\tabc\t5\n")
            let error = ratingsError { _ = try RatingsLoader.load(path: path) }
            #expect(error == RatingsError(file: path, line: 3, message: "rating \"abc\" is not a number"))
            #expect(error?.description == "\(path):3: rating \"abc\" is not a number")
        }
    }

    @Test(arguments: [
        ("inf", "is not a finite number"), ("nan", "is not a finite number"), ("1e400", "is not a finite number"),
        // Finite, but not as a Float: it used to be called "not a finite number".
        ("1e308", "is beyond the range of a 32-bit float (±3.4e38)"),
        ("-1e39", "is beyond the range of a 32-bit float (±3.4e38)"),
    ])
    func rejectsNonFiniteRating(text: String, problem: String) throws {
        try withTempDirectory { dir in
            let path = try dir.file("u.data", "1\t2\t\(text)\t4\n")
            let error = ratingsError { _ = try RatingsLoader.load(path: path) }
            #expect(error == RatingsError(file: path, line: 1, message: "rating \"\(text)\" \(problem)"))
        }
    }

    @Test func rejectsMissingColumn() throws {
        try withTempDirectory { dir in
            let path = try dir.file("ratings.csv", "userId,movieId,rating,timestamp\n1,2,3,4\n1,2\n")
            let error = ratingsError { _ = try RatingsLoader.load(path: path) }
            #expect(
                error?.description
                    == "\(path):3: expected 4 fields, found 2 (separated by \",\", as the header on line 1)")
            let tabs = try dir.file("u.data", "1\t2\n")
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: tabs) }?.message
                    == "expected 4 fields, found 2 (separated by tabs)")
        }
    }

    @Test func rejectsNonIntegerTimestamp() throws {
        try withTempDirectory { dir in
            let path = try dir.file("ratings.dat", "1::2::3::12.5\n")
            let error = ratingsError { _ = try RatingsLoader.load(path: path) }
            #expect(error == RatingsError(file: path, line: 1, message: "timestamp \"12.5\" is not an integer"))
        }
    }

    @Test func rejectsEmptyIds() throws {
        try withTempDirectory { dir in
            let path = try dir.file("ratings.csv", "userId,movieId,rating,timestamp\n,2,3,4\n")
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: path) }
                    == RatingsError(file: path, line: 2, message: "user id is empty"))
        }
    }

    @Test func rejectsEmptyFiles() throws {
        try withTempDirectory { dir in
            for contents in ["", "\n\n  \r\n"] {
                let path = try dir.file("x.data", contents)
                let error = ratingsError { _ = try RatingsLoader.load(path: path) }
                #expect(error?.description == "\(path): file is empty")
            }
            let sniffed = try dir.file("x.txt", "")
            #expect(ratingsError { _ = try RatingsLoader.load(path: sniffed) }?.message == "file is empty")
            let headerOnly = try dir.file("ratings.csv", "userId,movieId,rating,timestamp\n")
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: headerOnly) }?.message
                    == "file has a header but no rating rows")
        }
    }

    @Test func rejectsMissingFileAndDirectory() throws {
        #expect(ratingsError { _ = try RatingsLoader.load(path: "/no/such") }?.description == "/no/such: no such file")
        try withTempDirectory { dir in
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: dir.path) }?.message
                    == "is a directory; expected a file")
        }
    }

    @Test func rejectsHeaderWithoutNamedColumn() throws {
        try withTempDirectory { dir in
            let path = try dir.file("ratings.csv", "\nuserId,itemId,rating,timestamp\n1,2,3,4\n")
            let error = ratingsError { _ = try RatingsLoader.load(path: path, skipBadRows: true) }
            #expect(
                error?.description
                    == "\(path):2: header has no item column \"movieId\"; the header's columns are "
                    + "\"userId\", \"itemId\", \"rating\", \"timestamp\"")
        }
    }

    @Test func rejectsNamedColumnWithoutHeader() throws {
        try withTempDirectory { dir in
            let path = try dir.file("x.csv", "1,2,3\n")
            var options = DelimitedOptions.numbered(delimiter: ",", withTimestamp: false)
            options.rating = .name("rating")
            let error = ratingsError { _ = try RatingsLoader.load(path: path, format: .csv(options)) }
            #expect(error?.line == nil)
            #expect(error?.message.contains("the file has no header") == true)
            options.rating = .number(0)
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: path, format: .csv(options)) }?.message
                    == "the rating column number must be 1 or more, got 0")
        }
    }

    @Test func rejectsUnrecognizableFormat() throws {
        try withTempDirectory { dir in
            let path = try dir.file("mystery", "1 2 3 4\n")
            let error = ratingsError { _ = try RatingsLoader.load(path: path) }
            #expect(error?.message.hasPrefix("cannot tell the ratings format") == true)
        }
    }

    @Test func rejectsUnclosedQuote() throws {
        try withTempDirectory { dir in
            let path = try dir.file("ratings.csv", "userId,movieId,rating,timestamp\n\"1,2,3,4\n")
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: path) }
                    == RatingsError(file: path, line: 2, message: "a field opens a double quote but never closes it"))
        }
    }

    // MARK: skipping

    @Test func skipsAndCountsBadRows() throws {
        try withTempDirectory { dir in
            let path = try dir.file(
                "u.data", "1\t10\t4\t100\n2\t10\tbad\t100\n3\t10\n1\t11\t2\t101\n4\t12\t5\t1.5\n")
            let loaded = try RatingsLoader.load(path: path, skipBadRows: true)
            #expect(loaded.table.count == 2)
            #expect(loaded.skippedRows == 3)
            #expect(
                loaded.firstSkippedError == RatingsError(file: path, line: 2, message: "rating \"bad\" is not a number")
            )
            // Users of skipped rows are not added to the id map.
            #expect(loaded.table.userIDs.rawIDs == ["1"])
            #expect(loaded.table.itemIDs.rawIDs == ["10", "11"])
        }
    }

    @Test func skippingEveryRowStillThrows() throws {
        try withTempDirectory { dir in
            let path = try dir.file("u.data", "1\t10\tx\t100\n2\t10\ty\t100\n")
            let error = ratingsError { _ = try RatingsLoader.load(path: path, skipBadRows: true) }
            #expect(error?.line == nil)
            #expect(
                error?.message
                    == "no valid rating rows: all 2 rows are bad; the first, line 1: rating \"x\" is not a number")
        }
    }
}
