import Foundation
import Testing

/// `mfsweep train` on ratings files that are missing, empty or have bad rows.
@Suite("train: bad input files")
struct TrainInputErrorTests {
    /// The one line `error: FILE:LINE: …` a bad row gives, checked for the file, line and words.
    private func expectBadRowError(
        _ result: CLIResult, file: String, line: Int, mentions words: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.exitCode == 64, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 1, "\(result)", sourceLocation: sourceLocation)
        let message = result.stderrLines.first ?? ""
        #expect(message.hasPrefix("error: \(file):\(line): "), "\(result)", sourceLocation: sourceLocation)
        for word in words {
            #expect(
                message.contains(word), "expected \(word.debugDescription) in: \(message)",
                sourceLocation: sourceLocation)
        }
    }

    @Test("a non-numeric rating exits 64 naming FILE:LINE and the bad value (blank lines counted)")
    func nonNumericRatingNamesLine() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write(
            "ratings.csv",
            """
            userId,movieId,rating,timestamp
            1,10,4.0,881250949

            2,10,abc,881250950
            3,10,5.0,881250951

            """)
        let result = try await CLI.run(["train", "--data", path, "--param", "steps=5"])
        expectBadRowError(result, file: path, line: 4, mentions: ["rating", "\"abc\"", "not a number"])
    }

    @Test("a row with a missing column exits 64 naming FILE:LINE and the column counts")
    func missingColumnNamesLine() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write(
            "u.data",
            "1\t10\t4\t881250949\n2\t10\t3\t881250950\n2\t11\t881250951\n3\t10\t5\t881250952\n")
        let result = try await CLI.run(["train", "--data", path, "--param", "steps=5"])
        expectBadRowError(result, file: path, line: 3, mentions: ["expected 4 fields, found 3"])
    }

    @Test("--skip-bad-rows trains anyway and reports the count in data.skipped_rows")
    func skipBadRowsCountsThem() async throws {
        let dir = try ScratchDirectory()
        var lines = MovieLensText.csv(MovieLensText.smallValidRatings).split(separator: "\n").map(String.init)
        let valid = MovieLensText.smallValidRatings.count
        lines.insert("7,3,four,880000001", at: 5)  // non-numeric rating
        lines.insert("8,4", at: 20)  // missing columns
        lines.insert("9,5,2.0,yesterday", at: 40)  // non-integer timestamp
        let path = try dir.write("ratings.csv", lines.joined(separator: "\n") + "\n")

        let failing = try await CLI.run(["train", "--data", path, "--param", "steps=5"])
        expectBadRowError(failing, file: path, line: 6, mentions: ["\"four\""])

        let result = try await CLI.run(["train", "--data", path, "--skip-bad-rows", "--param", "steps=20", "--json"])
        #expect(result.exitCode == 0, "\(result)")
        let report = try result.decode(TrainJSON.self)
        #expect(report.data.skippedRows == 3)
        #expect(report.data.ratings == valid)
        #expect(report.data.path == path)
        #expect(report.diverged == nil)
    }

    @Test("a missing file exits 64 and names the path")
    func missingFile() async throws {
        let dir = try ScratchDirectory()
        let path = dir.url("no-such-ratings.csv")
        let result = try await CLI.run(["train", "--data", path, "--param", "steps=5"])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderr.hasPrefix("error: \(path): "), "\(result)")
        #expect(result.stderr.contains("no such file"), "\(result)")
    }

    @Test(
        "an empty file exits 64 saying it is empty", arguments: ["ratings.csv", "u.data", "ratings.dat", "ratings.txt"])
    func emptyFile(name: String) async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write(name, "")
        let result = try await CLI.run(["train", "--data", path, "--param", "steps=5"])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderr.hasPrefix("error: \(path): "), "\(result)")
        #expect(result.stderr.contains("empty"), "\(result)")
    }

    @Test("a file of blank lines is empty too")
    func blankLinesOnly() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("u.data", "\n  \n\t\n\r\n")
        let result = try await CLI.run(["train", "--data", path, "--param", "steps=5"])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.hasPrefix("error: \(path): "), "\(result)")
        #expect(result.stderr.contains("empty"), "\(result)")
    }

    @Test("a CSV with only a header exits 64 saying there are no rating rows")
    func headerOnly() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("ratings.csv", "userId,movieId,rating,timestamp\n")
        let result = try await CLI.run(["train", "--data", path, "--param", "steps=5"])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.hasPrefix("error: \(path): "), "\(result)")
        #expect(result.stderr.contains("no rating rows"), "\(result)")
    }
}

/// `train` and `data info` on ids that are not UTF-8.
@Suite("ids that are not UTF-8")
struct NonUTF8IDTests {
    @Test("train exits 64 naming FILE:LINE, the id's role, the byte and its column")
    func trainNamesTheByte() async throws {
        let dir = try ScratchDirectory()
        let path = dir.url("u.data")
        let bytes = Array("1\t10\t4\t1\n2\t".utf8) + [0xFF] + Array("\t3\t2\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for command in [["train", "--data", path, "--param", "steps=1"], ["data", "info", path]] {
            let result = try await CLI.run(command)
            #expect(result.exitCode == 64, "\(result)")
            #expect(
                result.stderrLines == ["error: \(path):2: item id is not valid UTF-8 (byte 0xFF at column 3)"],
                "\(result)")
        }
    }
}

/// Rows with the wrong number of fields, and one column given two roles.
@Suite("field counts and column options")
struct FieldCountTests {
    @Test("a 5-field u.data row exits 64 with FILE:LINE: expected 4 fields, found 5")
    func fiveFieldRow() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("u.data", "1\t10\t4\t881250949\n2\t10\t3\t881250950\tx\n")
        for command in [["train", "--data", path, "--param", "steps=1"], ["data", "info", path]] {
            let result = try await CLI.run(command)
            #expect(result.exitCode == 64, "\(result)")
            #expect(
                result.stderrLines == ["error: \(path):2: expected 4 fields, found 5 (separated by tabs)"], "\(result)")
        }
    }

    @Test("--user-column 1 --item-column 1 exits 64 naming both options")
    func sameColumnTwice() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("x.csv", "1,10,4\n2,10,3\n")
        let flags = ["--no-header", "--user-column", "1", "--item-column", "1", "--timestamp-column", "none"]
        for command in [["train", "--data", path, "--param", "steps=1"] + flags, ["data", "info", path] + flags] {
            let result = try await CLI.run(command)
            #expect(result.exitCode == 64, "\(result)")
            #expect(result.stderrLines.count == 1, "\(result)")
            #expect(result.stderr.hasPrefix("error: --user-column and --item-column both name column 1"), "\(result)")
        }
        let rating = try await CLI.run([
            "data", "info", path, "--no-header", "--rating-column", "4", "--timestamp-column", "4",
        ])
        #expect(rating.exitCode == 64, "\(rating)")
        #expect(
            rating.stderr.hasPrefix("error: --rating-column and --timestamp-column both name column 4"), "\(rating)")
    }
}

/// `data synth` refuses parameters whose ratings could be non-finite, naming the option.
@Suite("data synth: parameters out of range")
struct SynthOptionTests {
    @Test(
        "data synth exits 64 with one line naming the option, and writes nothing",
        arguments: [
            (["--mean", "1e300"], "error: --mean must be between -1e15 and 1e15"),
            (["--noise", "inf"], "error: --noise must be between 0 and 1e15"),
            (["--user-bias", "1e16"], "error: --user-bias must be between 0 and 1e15"),
            (["--rank", "5000"], "error: --rank must be between 1 and 1000"),
            (["--popularity", "zipf:x"], "error: --popularity \"zipf:x\": the exponent \"x\" is not a number"),
            (["--popularity", "pareto"], "error: --popularity \"pareto\": expected uniform or zipf:S"),
        ])
    func refusesOutOfRange(flags: [String], prefix: String) async throws {
        let dir = try ScratchDirectory()
        let target = dir.url("synth.csv")
        let result = try await CLI.run(["data", "synth", "-o", target] + flags)
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderr.hasPrefix(prefix), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("a sweep file's synthetic mean of 1e300 is a diagnostic at data.synthetic.mean")
    func sweepFileSyntheticMean() async throws {
        let dir = try ScratchDirectory()
        let file = try dir.write(
            "s.json", #"{"parameters": {"steps": {"value": 1}}, "data": {"synthetic": {"mean": 1e300}}}"#)
        let store = dir.url("runs/store.sqlite")
        let result = try await CLI.run(["launch", file, "--store", store])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("error: mean must be between -1e15 and 1e15"), "\(result)")
        #expect(result.stderr.contains("[at data.synthetic.mean]"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: dir.url("runs")))
    }
}

/// A bad value holding a carriage return or another control character is quoted escaped, so
/// the error stays one line.
@Suite("errors quoting control characters")
struct ControlCharacterErrorTests {
    @Test("a timestamp with a carriage return inside is one error line naming it as \\r")
    func carriageReturnInAField() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("ratings.dat", "1::2::3::880000000\n1::3::4::88\r00\n")
        let result = try await CLI.run(["data", "info", path])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr == "error: \(path):2: timestamp \"88\\r00\" is not an integer\n", "\(result)")
    }

    @Test("a JSON key holding a newline is one diagnostic line")
    func newlineInAJSONKey() async throws {
        let dir = try ScratchDirectory()
        let file = try dir.write("s.json", #"{"parameters": {"a\nb": {"value": 1}}}"#)
        let result = try await CLI.run(["launch", file, "--store", dir.url("runs/s.sqlite")])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderr.contains(#"a\nb"#), "\(result)")
    }
}
