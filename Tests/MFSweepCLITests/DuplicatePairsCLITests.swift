import Foundation
import Testing

/// `--duplicates error|last|mean` wherever data is loaded: `train`, `data info` and `launch`.
@Suite("repeated (user, item) pairs")
struct DuplicatePairsCLITests {
    /// User 1 rates item 10 on lines 2 and 5; the rest is unique.
    static let csv = """
        userId,movieId,rating,timestamp
        1,10,2.0,100
        1,11,4.0,101
        2,10,3.0,102
        1,10,5.0,103
        2,12,1.0,104

        """

    @Test("train refuses a repeated pair by default: exit 64, FILE:LINE of the repeat, the first line and the flag")
    func trainRefusesByDefault() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("ratings.csv", Self.csv)
        let result = try await CLI.run(["train", "--data", path, "--param", "steps=1"])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(
            result.stderr.hasPrefix("error: \(path):5: user \"1\" rated item \"10\" again, first on line 2; "),
            "\(result)")
        #expect(result.stderr.contains("--duplicates last or --duplicates mean"), "\(result)")
    }

    @Test("train --duplicates last and mean train on one rating per pair")
    func trainMerges() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("ratings.csv", Self.csv)
        for policy in ["last", "mean"] {
            let result = try await CLI.run([
                "train", "--data", path, "--duplicates", policy, "--param", "steps=2", "--holdout", "0.4", "--json",
            ])
            #expect(result.exitCode == 0, "\(result)")
            #expect(try result.decode(TrainJSON.self).data.ratings == 4, "\(policy)")
        }
        let bad = try await CLI.run(["train", "--data", path, "--duplicates", "first"])
        #expect(bad.exitCode == 64, "\(bad)")
        #expect(bad.stderr.contains("unknown --duplicates 'first'; accepted: error, last, mean"), "\(bad)")
    }

    @Test("data info counts repeated pairs (text and --json) and describes the file as written")
    func dataInfoReportsThem() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("ratings.csv", Self.csv)
        let json = try await CLI.run(["data", "info", path, "--json"])
        #expect(json.exitCode == 0, "\(json)")
        let info = try json.decode(DataInfoJSON.self)
        #expect(
            info.duplicates
                == .init(
                    pairs: 1, extraRows: 1, policy: "keep", first: .init(user: "1", item: "10", line: 5, firstLine: 2)))
        #expect(info.summary.ratings == 5)

        let merged = try await CLI.run(["data", "info", path, "--json", "--duplicates", "mean"])
        let mergedInfo = try merged.decode(DataInfoJSON.self)
        #expect(mergedInfo.duplicates.policy == "mean" && mergedInfo.duplicates.pairs == 1)
        #expect(mergedInfo.summary.ratings == 4)
        #expect(mergedInfo.summary.ratingMean == 2.875)  // (3.5 + 4 + 3 + 1) / 4

        let text = try await CLI.run(["data", "info", path])
        #expect(text.exitCode == 0, "\(text)")
        #expect(
            text.stdout.contains(
                "duplicates   1 (user, item) pairs rated more than once (1 extra rows); first: line 5 repeats line 2 "
                    + "(user 1, item 10); train and launch refuse them unless --duplicates last or --duplicates mean"),
            "\(text)")

        let refused = try await CLI.run(["data", "info", path, "--duplicates", "error"])
        #expect(refused.exitCode == 64, "\(refused)")
        #expect(refused.stderr.hasPrefix("error: \(path):5: "), "\(refused)")

        let unique = try await CLI.run(["data", "info", try dir.write("u.data", "1\t2\t3\t4\n"), "--json"])
        #expect(try unique.decode(DataInfoJSON.self).duplicates == .init(pairs: 0, extraRows: 0, policy: "keep"))
    }

    @Test(
        "launch refuses a repeated pair before it touches the store, and --duplicates with synthetic data or --resume")
    func launchChecksFirst() async throws {
        let dir = try ScratchDirectory()
        let data = try dir.write("ratings.csv", Self.csv)
        let sweep = try dir.write(
            "s.json", #"{"parameters": {"steps": {"value": 1}}, "data": {"path": "ratings.csv"}}"#)
        let store = dir.url("runs/store.sqlite")
        let refused = try await CLI.run(["launch", sweep, "--store", store])
        #expect(refused.exitCode == 64, "\(refused)")
        #expect(refused.stderr.hasPrefix("error: \(data):5: user \"1\" rated item \"10\" again"), "\(refused)")
        let overridden = try await CLI.run(["launch", sweep, "--data", data, "--store", store])
        #expect(overridden.exitCode == 64 && overridden.stderr.contains(":5: "), "\(overridden)")

        let synthetic = try dir.write(
            "synthetic.json", #"{"parameters": {"steps": {"value": 1}}, "data": {"synthetic": {"users": 5}}}"#)
        let onSynthetic = try await CLI.run(["launch", synthetic, "--duplicates", "mean", "--store", store])
        #expect(onSynthetic.exitCode == 64, "\(onSynthetic)")
        #expect(onSynthetic.stderrLines.count == 1, "\(onSynthetic)")
        #expect(onSynthetic.stderr.contains("--duplicates applies to a ratings file"), "\(onSynthetic)")

        let resumed = try await CLI.run(["launch", sweep, "--resume", "--duplicates", "last", "--store", store])
        #expect(resumed.exitCode == 64, "\(resumed)")
        #expect(resumed.stderr.contains("--duplicates cannot change the data of a resumed sweep"), "\(resumed)")
        let resumedData = try await CLI.run(["launch", sweep, "--resume", "--data", data, "--store", store])
        #expect(resumedData.exitCode == 64, "\(resumedData)")
        #expect(!FileManager.default.fileExists(atPath: dir.url("runs")), "a refused launch created the store")
    }
}
