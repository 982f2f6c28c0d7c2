import Core
import Factorization
import Foundation
import Ratings
import Registry
import Testing

/// Limits on what input may ask for: folds at most the ratings, plans that fit in the machine's
/// memory (refused with exit 64 before anything big is allocated), and `recommend --users`
/// writing each user's list as it is made.
@Suite("memory: fold count, memory plans, streamed recommendations")
struct MemoryLimitTests {
    /// `n` distinct ratings of users 1… over items 1…50, as u.data text.
    static func ratings(_ n: Int) -> String {
        (0..<n).map { "\($0 / 50 + 1)\t\($0 % 50 + 1)\t\(1 + $0 % 5)\t\(880_000_000 + $0)\n" }.joined()
    }

    @Test("train --folds K with K above the number of ratings: one line, exit 64")
    func moreFoldsThanRatingsIsRefused() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("u.data", Self.ratings(10))
        let result = try await CLI.run(["train", "--data", path, "--folds", "11", "--param", "steps=1"])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout.isEmpty && result.stderrLines.count == 1, "\(result)")
        #expect(
            result.stderrLines.first
                == "error: \(path): number of folds must be between 2 and the number of ratings (10), got 11",
            "\(result)")
        // As many folds as ratings is allowed: each fold tests one rating.
        let most = try await CLI.run(["train", "--data", path, "--folds", "10", "--param", "steps=1", "--json"])
        #expect(most.exitCode == 0, "\(most)")
    }

    @Test("train with a plan larger than the machine's memory: one line saying what it needs, exit 64")
    func aTrainingPlanTooBigIsRefused() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("u.data", Self.ratings(2500))
        // 2000 folds at emb_dim 4096: two 64 MiB Gramians per fold, 250 GiB in all.
        let result = try await CLI.run([
            "train", "--data", path, "--folds", "2000", "--param", "emb_dim=4096", "--param", "steps=1",
        ])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout.isEmpty && result.stderrLines.count == 1, "\(result)")
        let line = result.stderrLines.first ?? ""
        #expect(
            line.hasPrefix(
                "error: this training plan (2000 folds of 2500 ratings, 50 users × 50 items, emb_dim 4096) needs "),
            "\(result)")
        #expect(line.contains(" GiB (gradients ") && line.contains("but the machine has "), "\(result)")
        #expect(line.hasSuffix("of memory; use fewer folds, a smaller emb_dim or less data"), "\(result)")
    }

    @Test("data synth of a table beyond memory: refused with exit 64 before allocating, no file written")
    func aSyntheticSpecTooBigIsRefused() async throws {
        let dir = try ScratchDirectory()
        let target = dir.url("big.csv")
        let result = try await CLI.run([
            "data", "synth", "-o", target, "--users", "2000000000", "--items", "1", "--density", "0.5",
        ])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout.isEmpty && result.stderrLines.count == 1, "\(result)")
        #expect(
            result.stderrLines.first?.hasPrefix(
                "error: the synthetic data (2000000000 users × 1 items at density 0.5) needs ") == true, "\(result)")
        #expect(result.stderr.contains("GiB (fingerprint ") && result.stderr.contains("but the machine has"))
        #expect(!FileManager.default.fileExists(atPath: target))
        // The issue's reproduction asks for more ratings than any spec may.
        let billion = try await CLI.run(["data", "synth", "-o", target, "--users", "1000000000"])
        #expect(billion.exitCode == 64, "\(billion)")
        #expect(
            billion.stderrLines == [
                "error: --density 0.1 of 1000000000 users × 300 items asks for 30000000000 ratings; at most 1000000000"
            ], "\(billion)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("launch of a sweep whose synthetic data cannot fit: exit 64 before the store is created")
    func aSweepWithSyntheticDataTooBigIsRefused() async throws {
        let dir = try ScratchDirectory()
        let sweep = try dir.write(
            "big.json",
            """
            {"name": "big", "count": 1, "data": {"synthetic": {"users": 2000000000, "items": 1, "density": 0.5}},
             "parameters": {"emb_dim": {"value": 4}}}
            """)
        let store = dir.url("runs/store.sqlite")
        let result = try await CLI.run(["launch", sweep, "--agents", "1", "--store", store])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderrLines.count == 1 && result.stderr.contains("needs "), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test("launch of a sweep whose smallest run cannot fit in memory: exit 64 before the store is created")
    func aSweepWhoseRunsCannotFitIsRefused() async throws {
        let dir = try ScratchDirectory()
        // 150 000 folds of about 200 000 ratings: the residuals alone are 4 bytes per rating
        // per fold, over 100 GiB, whatever emb_dim a run samples. It used to create the sweep
        // and fail every run.
        let sweep = try dir.write(
            "huge.json",
            """
            {"name": "huge", "count": 2, "data": {"synthetic": {"users": 2000, "items": 1000, "density": 0.1}},
             "validation": {"folds": 150000}, "parameters": {"emb_dim": {"min": 2, "max": 64}}}
            """)
        let store = dir.url("runs/store.sqlite")
        let result = try await CLI.run(["launch", sweep, "--agents", "1", "--store", store])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(
            result.stderr.hasPrefix(
                "\(sweep):2:26: error: every run would be refused, even the smallest (emb_dim 1, gd): "
                    + "this training plan (150000 folds of "), "\(result)")
        #expect(result.stderr.hasSuffix("[at validation.folds]\n"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test("launch of a sweep with more folds than ratings: exit 64 before the store is created")
    func aSweepWithMoreFoldsThanRatingsIsRefused() async throws {
        let dir = try ScratchDirectory()
        try dir.write("u.data", Self.ratings(10))
        let sweep = try dir.write(
            "folds.json",
            """
            {"name": "folds", "count": 1, "data": {"path": "u.data"}, "validation": {"folds": 11},
             "parameters": {"emb_dim": {"value": 4}}}
            """)
        let store = dir.url("runs/store.sqlite")
        let result = try await CLI.run(["launch", sweep, "--agents", "1", "--store", store])
        #expect(result.exitCode == 64, "\(result)")
        #expect(
            result.stderrLines == [
                "\(sweep):1:83: error: number of folds must be between 2 and the number of ratings (10), got 11 "
                    + "(the data, \(dir.url("u.data")), has 10 ratings) [at validation.folds]"
            ],
            "\(result)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    /// A model file of 3 users and 5 items, written to `dir`.
    static func modelFile(in dir: ScratchDirectory) throws -> String {
        var h = Hyperparameters()
        h.embDim = 3
        h.bias = true
        let model = MFModel(userCount: 3, itemCount: 5, hyperparameters: h, mean: 3, seed: 1)
        let artifact = ModelArtifact(
            model: model, userIDs: IDMap(rawIDs: ["a", "b", "c"]), itemIDs: IDMap(rawIDs: ["1", "2", "3", "4", "5"]),
            titles: ["", "", "", "", ""], seen: SeenItems(users: [0, 1], items: [2, 4], userCount: 3),
            configJSON: "{}", dataFingerprint: "sha256:x", metadataJSON: "{}")
        let path = dir.url("model.mfm")
        try Data(artifact.encoded()).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("recommend --users writes each user's list as one write, in file order, flushing as it goes")
    func recommendationsAreStreamedOneUserAtATime() async throws {
        let dir = try ScratchDirectory()
        let model = try Self.modelFile(in: dir)
        let users = try dir.write("users.txt", "a\n# comment\nb\n\nc\na\n")
        for json in [false, true] {
            let arguments = ["recommend", "--model", model, "--users", users, "-k", "2"] + (json ? ["--json"] : [])
            let (result, writes) = try await CLI.runRecordingWrites(arguments)
            #expect(result.exitCode == 0, "\(result)")
            #expect(writes.count == 4, "one write per id line: \(writes.map(\.text))")
            // The first list is written, and flushed, before the second is made.
            #expect(writes.first?.flushesBefore == 0 && writes.dropFirst().first?.flushesBefore == 1)
            let singles = try await ["a", "b", "c", "a"].asyncMap { id in
                try await CLI.run(["recommend", "--model", model, "--user", id, "-k", "2"] + (json ? ["--json"] : []))
                    .stdout
            }
            if json {
                let lines = writes.map(\.text)
                #expect(lines.allSatisfy { $0.hasSuffix("\n") && $0.dropLast().firstIndex(of: "\n") == nil })
                let users = try lines.map {
                    try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["user"]
                        as? String
                }
                #expect(users == ["a", "b", "c", "a"])
            } else {
                // The lists as `--user` prints them, separated by blank lines, as before.
                #expect(result.stdout == singles.joined(separator: "\n"))
                #expect(writes.first?.text == singles[0])
            }
        }
    }

    @Test("recommend --users with an unknown id: one line, exit 64, and nothing written")
    func unknownUsersAreRefusedBeforeAnythingIsWritten() async throws {
        let dir = try ScratchDirectory()
        let model = try Self.modelFile(in: dir)
        let users = try dir.write("users.txt", "a\nb\nzz\nc\n")
        let (result, writes) = try await CLI.runRecordingWrites([
            "recommend", "--model", model, "--users", users, "-k", "2",
        ])
        #expect(result.exitCode == 64 && writes.isEmpty, "\(result)")
        #expect(result.stderrLines.count == 1 && result.stderr.contains("users.txt:3: user zz is not in model"))
    }
}

extension Array {
    /// `transform` of each element in order, awaiting each before the next.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
