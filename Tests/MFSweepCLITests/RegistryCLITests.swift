import Factorization
import Foundation
import Ratings
import Registry
import Testing
import Tracking

/// `promote`, `models`, `recommend` and `similar` end to end, on a small MovieLens-style folder
/// (`u.data` + `u.item`) swept by real agents (`mfsweep launch`, a process); the commands under
/// test run in-process, except where several processes at once are the point. Each test has its
/// own folder and store.
@Suite("registry: promote, models, recommend, similar end to end")
struct RegistryCLITests {
    /// A folder with `u.data`, `u.item` and a 2-run sweep over them, launched into `runs/store.sqlite`.
    final class Setup {
        let dir: ScratchDirectory
        let store: String
        var s: [String] { ["--store", store] }

        /// Launches the sweep into `store` (default: `runs/store.sqlite` in the folder) with
        /// `agents` agent processes.
        init(runs: Int = 2, store: String? = nil, agents: Int = 1) async throws {
            dir = try ScratchDirectory()
            // Two tastes: users 1-30 like odd items, users 31-60 like even items.
            var rows: [Rating] = []
            var timestamp = 880_000_000
            for user in 1...60 {
                for item in 1...40 where (user * 5 + item * 7) % 3 != 0 {
                    timestamp += 11
                    let likes = (user <= 30) == (item % 2 == 1)
                    rows.append(
                        Rating(
                            "\(user)", "\(item)", likes ? "\(4 + (user + item) % 2)" : "\(1 + (user + item) % 2)",
                            timestamp))
                }
            }
            try dir.write("ml/u.data", MovieLensText.uData(rows))
            try dir.write(
                "ml/u.item", (1...40).map { "\($0)|Film \($0) (19\(50 + $0))|01-Jan-1995||http://x|0|1\n" }.joined())
            let sweep = try dir.write(
                "ml/reg.json",
                """
                {"name": "reg", "method": "random", "seed": 2, "count": \(runs),
                 "metric": {"name": "test_rmse_mean", "goal": "minimize"},
                 "data": {"path": "u.data"}, "validation": {"folds": 2},
                 "parameters": {"emb_dim": {"value": 4}, "bias": {"value": true}, "optimizer": {"value": "adam"},
                                "alpha": {"min": 0.03, "max": 0.08}, "ell_2": {"value": 0.01}, "gram": {"value": 0},
                                "steps": {"value": 150}}}
                """)
            self.store = store ?? dir.url("runs/store.sqlite")
            let launch = try await CLIRunner.run(
                ["launch", sweep, "--agents", "\(agents)", "--store", self.store], timeout: 180)
            guard launch.exitCode == 0 else { throw CLIError("launch failed: \(launch)") }
        }

        /// Runs `mfsweep ARGUMENTS --store STORE` in-process.
        func run(_ arguments: [String]) async throws -> CLIResult { try await CLI.run(arguments + s) }

        /// Row counts of the registry tables and the files under `runs/artifacts`.
        func snapshot() throws -> String {
            let counts = try RunStore(path: store).registryCounts().sorted { $0.key < $1.key }.map {
                "\($0.key)=\($0.value)"
            }
            let files =
                (FileManager.default.enumerator(atPath: dir.url("runs/artifacts"))?.allObjects as? [String] ?? [])
                .sorted()
            return (counts + files).joined(separator: " ")
        }
    }

    @Test("promote --best, then recommend excludes seen items, similar finds the same taste, explain, models show")
    func promoteAndUse() async throws {
        let setup = try await Setup()
        let promote = try await setup.run(["promote", "--best", "reg", "--name", "films", "--alias", "champion"])
        #expect(promote.exitCode == 0, "\(promote)")
        #expect(promote.stdout.hasPrefix("registered films v1 (alias champion) from run reg/"), "\(promote)")
        #expect(promote.stderr.contains("refit: step 150/150"), "progress is shown: \(promote)")
        let file = setup.dir.url("runs/artifacts/films/v1/model.mfm")
        let artifact = try ArtifactFiles.load(path: file)
        #expect(artifact.title(of: Int(try #require(artifact.itemIDs.index(of: "3")))) == "Film 3 (1953)")

        // Recommend for a user: unseen items only, best first, scores from the model.
        let rec = try await setup.run(["recommend", "--model", "films@champion", "--user", "7", "-k", "5", "--json"])
        #expect(rec.exitCode == 0, "\(rec)")
        let object = try rec.jsonObject()
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.count == 5)
        let row = try #require(artifact.userRow("7"))
        let seen = Set(artifact.seen.items(of: row).map { artifact.itemIDs.rawIDs[Int($0)] })
        let recommended = items.compactMap { $0["item"] as? String }
        #expect(recommended.allSatisfy { !seen.contains($0) }, "\(recommended) ∩ seen \(seen)")
        let expected = artifact.recommend(user: row, k: 5).map {
            artifact.itemIDs.rawIDs[$0.item]
        }
        #expect(recommended == expected)
        #expect(recommended.allSatisfy { Int($0)! % 2 == 1 }, "user 7 likes odd items: \(recommended)")
        #expect(items.first?["title"] as? String != nil)

        // Text form, by version number and through the file path.
        let text = try await setup.run(["recommend", "--model", "films@1", "--user", "7", "-k", "5"])
        #expect(text.stdout.hasPrefix("films@1: user 7 (rated \(seen.count) items): top 5 unrated items"), "\(text)")
        let byPath = try await CLI.run(["recommend", "--model", file, "--user", "7", "-k", "5", "--json"])
        #expect(
            (try byPath.jsonObject()["items"] as? [[String: Any]])?.compactMap { $0["item"] as? String } == recommended)

        // Many users in one pass, one JSON line each.
        let users = try setup.dir.write("users.txt", "# ids\n7\n\n40\n7\n")
        let batch = try await setup.run(["recommend", "--model", "films", "--users", users, "-k", "3", "--json"])
        #expect(batch.exitCode == 0, "\(batch)")
        #expect(batch.stdout.split(separator: "\n").count == 3)

        // Cold start: labelled, the highest item biases.
        let cold = try await setup.run([
            "recommend", "--model", "films", "--user", "nobody", "-k", "3", "--cold-start", "popular", "--json",
        ])
        #expect(cold.exitCode == 0, "\(cold)")
        let coldObject = try cold.jsonObject()
        #expect(
            coldObject["known"] as? Bool == false && coldObject["basis"] as? String == "cold-start: highest item bias")
        let popular = artifact.popular(k: 3).map { artifact.itemIDs.rawIDs[$0.item] }
        #expect((coldObject["items"] as? [[String: Any]])?.compactMap { $0["item"] as? String } == popular)

        // Similar: by title and by id; the neighbours of an odd item are mostly odd.
        let similar = try await setup.run([
            "similar", "--model", "films@champion", "--item", "Film 3 (1953)", "-k", "5", "--json",
        ])
        #expect(similar.exitCode == 0, "\(similar)")
        let neighbours = try #require(try similar.jsonObject()["neighbours"] as? [[String: Any]]).compactMap {
            $0["item"] as? String
        }
        #expect(neighbours.count == 5 && !neighbours.contains("3"))
        #expect(neighbours.filter { Int($0)! % 2 == 1 }.count >= 4, "\(neighbours)")
        let byID = try await setup.run(["similar", "--model", "films@champion", "--item", "3", "-k", "5", "--json"])
        #expect(
            (try byID.jsonObject()["neighbours"] as? [[String: Any]])?.compactMap { $0["item"] as? String }
                == neighbours)
        let ambiguous = try await setup.run(["similar", "--model", "films", "--item", "film 1"])
        #expect(ambiguous.exitCode == 64 && ambiguous.stderrLines.count == 1, "\(ambiguous)")
        #expect(ambiguous.stderr.contains("matches 10 or more titles"), "\(ambiguous)")

        // Explain: biases and both ends of two directions.
        let explain = try await setup.run(["models", "explain", "films@champion", "-k", "3", "--format", "json"])
        #expect(explain.exitCode == 0, "\(explain)")
        let explanation = try explain.jsonObject()
        #expect(
            (explanation["highest_bias"] as? [Any])?.count == 3 && (explanation["lowest_bias"] as? [Any])?.count == 3)
        #expect((explanation["directions"] as? [[String: Any]])?.count == 2)

        // models show: lineage, artifact and checksum.
        let show = try await setup.run(["models", "show", "films", "--format", "json"])
        let detail = try show.jsonObject()
        let version = try #require((detail["versions"] as? [[String: Any]])?.first)
        #expect(
            version["sha256"] as? String
                == ArtifactFiles.sha256(Array(try Data(contentsOf: URL(fileURLWithPath: file)))))
        #expect(version["sweep"] as? String == "reg" && version["aliases"] as? [String] == ["champion"])
        #expect((version["artifact"] as? String)?.hasSuffix("runs/artifacts/films/v1/model.mfm") == true)
        #expect(version["data_fingerprint"] as? String != nil && version["refit_train_omse"] as? Double != nil)
        let list = try await setup.run(["models", "list", "--format", "json"])
        #expect(list.stdout.contains(#""name" : "films""#), "\(list)")
    }

    @Test(
        "bad names, unknown models, aliases, versions and users, and a damaged file: one line, exit 64, store unchanged"
    )
    func errorsChangeNothing() async throws {
        let setup = try await Setup()
        #expect(
            try await setup.run(["promote", "--best", "reg", "--name", "films", "--alias", "champion"]).exitCode == 0)
        try setup.dir.write("ml/unknown-users.txt", "7\n998\n999\n")
        let before = try setup.snapshot()
        let cases: [([String], String)] = [
            (["promote", "--best", "reg", "--name", "a/b"], #"error: model name "a/b" contains "/""#),
            (["promote", "--best", "reg", "--name", "it's"], #"error: model name "it's" contains "'""#),
            (["promote", "--best", "reg", "--name", ".hidden"], "starts with '.'"),
            (["promote", "--best", "reg", "--name", "ok", "--alias", "12"], "alias '12' is a number"),
            (["promote", "reg/99", "--name", "ok"], "sweep 'reg' has no run 99"),
            (["promote", "--best", "nosweep", "--name", "ok"], "no sweep named 'nosweep'"),
            (
                ["recommend", "--model", "nope@champion", "--user", "7"],
                "error: no model named 'nope' in the run store \(setup.store); models: films"
            ),
            (
                ["recommend", "--model", "films@prod", "--user", "7"],
                "error: model 'films' has no alias 'prod'; aliases: champion → v1"
            ),
            (["recommend", "--model", "films@4", "--user", "7"], "error: model 'films' has no version 4; versions: 1"),
            (["recommend", "--model", "x'y", "--user", "7"], #"error: model name "x'y" contains "'""#),
            (
                ["recommend", "--model", "films", "--user", "999"],
                "error: user 999 is not in model films@latest (v1) (60 users)"
            ),
            (
                ["similar", "--model", "films", "--item", "Nothing Like It"],
                "error: item 'Nothing Like It' is not in model"
            ),
            (
                ["recommend", "--model", "films", "--users", setup.dir.url("ml/unknown-users.txt")],
                "unknown-users.txt:2: user 998 is not in model films@latest (v1) (60 users); 2 lines name unknown users (lines 2, 3);"
            ),
            (["models", "show", "ghost"], "no model named 'ghost'"),
            (["models", "alias", "films@1", "latest"], "alias 'latest' is reserved"),
            (["models", "alias", "films@2", "staging"], "has no version 2"),
            (["models", "alias", "films", "--delete", "staging"], "has no alias 'staging'"),
            (["models", "archive", "films@1"], "version 1 of model 'films' has alias champion"),
        ]
        for (arguments, message) in cases {
            let result = try await setup.run(arguments)
            #expect(result.exitCode == 64, "\(result)")
            #expect(result.stderrLines.count == 1 && result.stderr.contains(message), "\(result)")
            #expect(result.stdout.isEmpty, "\(result)")
        }
        #expect(try setup.snapshot() == before)

        // A damaged byte: the error names the file and the checksums.
        let file = setup.dir.url("runs/artifacts/films/v1/model.mfm")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: file))
        let corrupt = try await setup.run(["recommend", "--model", "films@champion", "--user", "7"])
        #expect(corrupt.exitCode == 64 && corrupt.stderrLines.count == 1, "\(corrupt)")
        #expect(
            corrupt.stderr.hasPrefix(
                "error: artifact \(setup.dir.path)/runs/artifacts/films/v1/model.mfm: checksum mismatch (expected "),
            "\(corrupt)")
        let direct = try await CLI.run(["similar", "--model", file, "--item", "3"])
        #expect(direct.exitCode == 64 && direct.stderr.contains("checksum mismatch (trailer says"), "\(direct)")
        try Data(bytes.prefix(100)).write(to: URL(fileURLWithPath: file))
        let truncated = try await setup.run(["models", "explain", "films@1"])
        #expect(truncated.exitCode == 64 && truncated.stderr.contains("model.mfm: truncated"), "\(truncated)")
        #expect(try setup.snapshot() == before)
    }

    @Test("aliases move, are deleted, and archived versions are skipped by latest")
    func aliasesAndArchive() async throws {
        let setup = try await Setup()
        for run in ["reg/1", "reg/2", "reg/1"] {
            #expect(try await setup.run(["promote", run, "--name", "films"]).exitCode == 0)
        }
        #expect(try await setup.run(["models", "alias", "films@1", "champion"]).stdout == "films@champion → v1\n")
        #expect(
            try await setup.run(["models", "alias", "films@3", "champion"]).stdout
                == "films@champion → v3 (moved from v1)\n")
        #expect(try await setup.run(["models", "archive", "films@2"]).stdout == "archived films v2\n")
        let latest = try await setup.run(["recommend", "--model", "films", "--user", "7", "-k", "1"])
        #expect(latest.stdout.hasPrefix("films@latest (v3):"), "\(latest)")
        #expect(
            try await setup.run(["models", "alias", "films", "--delete", "champion"]).stdout
                == "deleted alias films@champion (it pointed at v3)\n")
        #expect(try await setup.run(["models", "archive", "films@3"]).exitCode == 0)
        #expect(
            try await setup.run(["recommend", "--model", "films", "--user", "7", "-k", "1"]).stdout.hasPrefix(
                "films@latest (v1):"))
        let list = try await setup.run(["models", "list"])
        #expect(list.stdout.contains("films  3         v1      -"), "\(list)")
        // Archived versions still load by number.
        #expect(try await setup.run(["recommend", "--model", "films@2", "--user", "7", "-k", "1"]).exitCode == 0)
    }

    @Test("three promote processes of one name at once get versions 1, 2 and 3")
    func concurrentPromotes() async throws {
        let setup = try await Setup()
        let processes = try (0..<3).map { _ in
            try BackgroundCLI(["promote", "--best", "reg", "--name", "films", "--threads", "1", "--store", setup.store])
        }
        var results: [CLIResult] = []
        for process in processes { results.append(try await process.wait(timeout: 120)) }
        for result in results { #expect(result.exitCode == 0, "\(result)") }
        let versions = results.compactMap { $0.stdout.split(separator: " ").dropFirst(2).first }.sorted()
        #expect(versions == ["v1", "v2", "v3"])
        let store = try RunStore(path: setup.store)
        let records = try store.modelVersions(modelID: try store.model(named: "films").id)
        #expect(records.map(\.version) == [1, 2, 3])
        for record in records {
            let path = setup.dir.url("runs/" + record.artifactPath)
            #expect(throws: Never.self) { try ArtifactFiles.load(path: path, expectedSHA256: record.sha256) }
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: setup.dir.url("runs/artifacts/films"))
            .sorted()
        #expect(leftovers == ["v1", "v2", "v3"])
    }
}
