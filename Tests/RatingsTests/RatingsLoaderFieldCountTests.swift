import Core
import Ratings
import TestSupport
import Testing

/// Every row of a file has the same number of fields, and each role has a column of its own.
@Suite struct RatingsLoaderFieldCountTests {
    @Test(arguments: [
        ("u.data", "1\t2\t3\t4\n1\t3\t4\t5\t6\n", "expected 4 fields, found 5 (separated by tabs)"),
        ("u.data", "1\t2\t3\t4\n1\t3\n", "expected 4 fields, found 2 (separated by tabs)"),
        ("u.data", "1\t2\t3\t4\n1\t3\t4\t5\t\n", "expected 4 fields, found 5 (separated by tabs)"),
        ("ratings.dat", "1::2::3::4\n1::3::4::5::6\n", "expected 4 fields, found 5 (separated by \"::\")"),
    ])
    func movieLensRowsHaveExactlyFourFields(name: String, contents: String, message: String) throws {
        try withTempDirectory { dir in
            let path = try dir.file(name, contents)
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: path) }
                    == RatingsError(file: path, line: 2, message: message))
        }
    }

    @Test func aFiveFieldFirstRowOfUDataIsRefusedToo() throws {
        try withTempDirectory { dir in
            let path = try dir.file("u.data", "1\t2\t3\t4\t9\n1\t3\t4\t5\n")
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: path) }
                    == RatingsError(file: path, line: 1, message: "expected 4 fields, found 5 (separated by tabs)"))
        }
    }

    @Test func csvRowsHaveTheHeadersFieldCount() throws {
        try withTempDirectory { dir in
            let path = try dir.file("ratings.csv", "userId,movieId,rating,timestamp\n1,2,3,4\n1,3,4,5,extra\n")
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: path) }
                    == RatingsError(
                        file: path, line: 3,
                        message: "expected 4 fields, found 5 (separated by \",\", as the header on line 1)"))
            // A wider header is fine when every row has its width.
            let wide = try dir.file("wide.csv", "userId,movieId,rating,timestamp,tag\n1,2,3,4,a\n1,3,4,5,b\n")
            #expect(try RatingsLoader.load(path: wide).table.count == 2)
        }
    }

    @Test func headerlessRowsHaveTheFirstFullRowsFieldCount() throws {
        try withTempDirectory { dir in
            let options = DelimitedOptions(
                delimiter: ";", hasHeader: false, user: .number(1), item: .number(2), rating: .number(3),
                timestamp: nil)
            // Extra columns the options do not use are fine, as long as every row has them.
            let path = try dir.file("x.txt", "1;2;3;a;b\n1;3;4;c;d\n1;4;5;e\n")
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: path, format: .csv(options)) }
                    == RatingsError(
                        file: path, line: 3, message: "expected 5 fields, found 4 (separated by \";\", as line 1)"))
            // A short row before any full row cannot set the count.
            let short = try dir.file("short.txt", "1;2\n1;3;4;c\n1;4;5;e\n1;5;5\n")
            let loaded = try RatingsLoader.load(path: short, format: .csv(options), skipBadRows: true)
            #expect(loaded.table.count == 2)
            #expect(loaded.skippedRows == 2)
            #expect(
                loaded.firstSkippedError
                    == RatingsError(
                        file: short, line: 1, message: "expected at least 3 fields, found 2 (separated by \";\")"))
        }
    }

    @Test func aNumberedColumnBeyondTheHeaderIsRefused() throws {
        try withTempDirectory { dir in
            let path = try dir.file("ratings.csv", "userId,movieId,rating\n1,2,3\n")
            var options = RatingsFormat.movieLensCSV
            options.timestamp = .number(7)
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: path, format: .csv(options)) }
                    == RatingsError(
                        file: path, line: 1, message: "the timestamp column is column 7 but the header has 3 fields"))
        }
    }

    @Test func oneColumnForTwoRolesIsRefusedNamingBothOptions() throws {
        try withTempDirectory { dir in
            let path = try dir.file("x.txt", "1,2,3\n")
            var options = DelimitedOptions.numbered(delimiter: ",", withTimestamp: false)
            options.item = .number(1)
            do {
                _ = try RatingsLoader.load(path: path, format: .csv(options))
                Issue.record("loaded with the user and item in one column")
            } catch let error as DelimitedOptionsError {
                #expect(error.option == "--user-column")
                #expect(
                    error.description
                        == "--user-column and --item-column both name column 1; the user, item, rating and timestamp "
                        + "columns must be different columns")
                #expect(error.exitStatus == .invalidInput)
            }
            options = DelimitedOptions.numbered(delimiter: ",")
            options.timestamp = .number(3)
            #expect(throws: DelimitedOptionsError.self) { try options.validate() }
        }
    }

    @Test func aNameAndANumberForOneHeaderColumnAreRefused() throws {
        try withTempDirectory { dir in
            let path = try dir.file("ratings.csv", "userId,movieId,rating,timestamp\n1,2,3,4\n")
            var options = RatingsFormat.movieLensCSV
            options.rating = .number(2)
            #expect(
                ratingsError { _ = try RatingsLoader.load(path: path, format: .csv(options)) }
                    == RatingsError(
                        file: path, line: 1,
                        message:
                            "--item-column \"movieId\" and --rating-column column 2 are both column 2 of the header; "
                            + "the user, item, rating and timestamp columns must be different columns"))
        }
    }
}
