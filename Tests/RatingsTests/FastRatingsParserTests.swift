import Core
import Foundation
import Testing

@testable import Ratings

/// The fast path must give exactly the table the general parser gives, or step aside.
@Suite struct FastRatingsParserTests {
    /// The general parser's table and the fast path's (nil when it steps aside), for `text`
    /// read with `options`, in chunks of `chunkBytes`.
    static func both(_ text: String, _ options: DelimitedOptions, chunkBytes: Int) throws -> (
        general: RatingsTable, fast: RatingsTable?
    ) {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { raw in
            var general = DelimitedRatingsParser(bytes: raw, path: "r", options: options, skipBadRows: false)
            try general.parse()
            var header = DelimitedRatingsParser(bytes: raw, path: "r", options: options, skipBadRows: false)
            let lines = try header.begin()
            var fast = FastRatingsParser(
                bytes: raw, start: min(lines.offset, raw.count), delimiter: Array(options.delimiter.utf8),
                columns: header.columns, expectedFields: header.expectedFields)
            fast.chunkBytes = chunkBytes
            return (general.table, fast.parse())
        }
    }

    /// A random plain file: ids reused in random order, half-star and decimal ratings, optional
    /// blank lines and CRLF endings.
    static func randomFile(seed: UInt64, rows: Int, delimiter: String, header: String?, crlf: Bool, blanks: Bool)
        -> String
    {
        var rng = SeededGenerator(seed: seed)
        var text = header.map { $0 + (crlf ? "\r\n" : "\n") } ?? ""
        for row in 0..<rows {
            let user = 1 + rng.nextIndex(below: 40)
            let item = 1 + rng.nextIndex(below: 900) * 7
            let rating = ["1", "2.5", "4.0", "5", "-0.25", "3.125", ".5"][rng.nextIndex(below: 7)]
            text += [String(user), String(item), rating, String(1_000_000 + row)].joined(separator: delimiter)
            text += crlf ? "\r\n" : "\n"
            if blanks && rng.nextIndex(below: 10) == 0 { text += crlf ? "\r\n" : "\n" }
        }
        if rng.nextIndex(below: 2) == 0 { text.removeLast(crlf ? 2 : 1) }  // no final newline
        return text
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func matchesTheGeneralParserOnPlainFiles(seed: UInt64) throws {
        let layouts: [(String, DelimitedOptions, String?)] = [
            ("\t", .numbered(delimiter: "\t", fieldCount: 4), nil),
            ("::", .numbered(delimiter: "::", fieldCount: 4), nil),
            (",", RatingsFormat.movieLensCSV, "userId,movieId,rating,timestamp"),
            (",", .numbered(delimiter: ","), nil),
            (
                ";",
                DelimitedOptions(
                    delimiter: ";", user: .name("u"), item: .name("i"), rating: .name("r"), timestamp: nil),
                "i;u;r;t"
            ),
        ]
        for (delimiter, options, header) in layouts {
            let text = Self.randomFile(
                seed: seed, rows: 500, delimiter: delimiter, header: header, crlf: seed % 2 == 0, blanks: seed % 3 == 0)
            for chunk in [16, 97, 1 << 20] {
                let (general, fast) = try Self.both(text, options, chunkBytes: chunk)
                #expect(fast == general, "seed \(seed), delimiter \(delimiter), chunks of \(chunk)")
            }
        }
    }

    @Test(arguments: [
        "1,2,3,4\n\"5\",6,7,8\n",  // a quoted field
        "1,2,3,4\nu5,6,7,8\n",  // a text id
        "1,2,3,4\n05,6,7,8\n",  // not canonical: "05" is its own id
        "1,2,3,4\n5, 6,7,8\n",  // a space the general parser trims
        "1,2,3,4\n5,6,7\n",  // a field short
        "1,2,3,4\n5,6,1e3,8\n",  // an exponent
        "1,2,3,4\n5,6,7,8.5\n",  // a fractional timestamp
        "1,2,3,4\n   \n5,6,7,8\n",  // a line of spaces
        "1,2,3,4\n5,6,7,8\r9,10,11,12\n",  // a lone carriage return
        "1,2,3,4\n3000000000,6,7,8\n",  // an id beyond 32 bits
    ])
    func stepsAsideForAnythingNotPlain(_ text: String) throws {
        let options = DelimitedOptions.numbered(delimiter: ",", fieldCount: 4)
        let bytes = Array(text.utf8)
        let fast = try bytes.withUnsafeBytes { raw -> RatingsTable? in
            var header = DelimitedRatingsParser(bytes: raw, path: "r", options: options, skipBadRows: false)
            let lines = try header.begin()
            var fast = FastRatingsParser(
                bytes: raw, start: lines.offset, delimiter: [44], columns: header.columns,
                expectedFields: header.expectedFields)
            fast.chunkBytes = 4
            return fast.parse()
        }
        #expect(fast == nil)
    }

    @Test func theLoaderStillReportsBadRowsByLine() throws {
        let bytes = Array("u,i,r\n1,2,3\n1,3,x\n".utf8)
        #expect(throws: RatingsError(file: "r.csv", line: 3, message: "rating \"x\" is not a number")) {
            try bytes.withUnsafeBytes {
                _ = try RatingsLoader.parse(
                    bytes: $0, path: "r.csv",
                    format: .csv(
                        DelimitedOptions(user: .name("u"), item: .name("i"), rating: .name("r"), timestamp: nil)))
            }
        }
    }
}
