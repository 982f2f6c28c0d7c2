import Factorization
import Foundation
import Ratings
import Registry
import Testing

/// `promote`, `recommend`, `similar` and `models explain` on an embedding_nn model trained with
/// side features (`u.user` beside `u.data`, and time features).
@Suite("registry: embedding_nn end to end")
struct RegistryEmbeddingNNTests {
    @Test("an embedding_nn sweep with side features is promoted, recommends, finds neighbours and is explained")
    func promoteAndUseANetwork() async throws {
        let dir = try ScratchDirectory()
        var rows: [Rating] = []
        var timestamp = 880_000_000
        for user in 1...60 {
            for item in 1...40 where (user * 5 + item * 7) % 3 != 0 {
                timestamp += 11
                let likes = (user <= 30) == (item % 2 == 1)
                rows.append(Rating("\(user)", "\(item)", likes ? "5" : "1", timestamp))
            }
        }
        try dir.write("ml/u.data", MovieLensText.uData(rows))
        try dir.write(
            "ml/u.item", (1...40).map { "\($0)|Film \($0) (19\(50 + $0))|01-Jan-1995||http://x|0|1\n" }.joined())
        try dir.write(
            "ml/u.user",
            (1...60).map { "\($0)|\(18 + $0)|\($0 % 2 == 0 ? "F" : "M")|writer|0\($0 % 10)000\n" }.joined())
        let sweep = try dir.write(
            "ml/enn.json",
            """
            {"name": "enn", "method": "random", "seed": 2, "count": 1,
             "metric": {"name": "test_rmse_mean", "goal": "minimize"},
             "data": {"path": "u.data", "features": ["user.age", "user.gender", "time.hour", "time.year"]},
             "validation": {"folds": 2},
             "parameters": {"model": {"value": "embedding_nn"}, "batch_size": {"value": 32}, "epochs": {"value": 2},
                            "optimizer": {"value": "adam"}, "alpha": {"value": 0.01}}}
            """)
        let store = dir.url("runs/store.sqlite")
        let launch = try await CLIRunner.run(["launch", sweep, "--agents", "1", "--store", store], timeout: 180)
        #expect(launch.exitCode == 0, "\(launch)")
        let s = ["--store", store]

        let promote = try await CLI.run(["promote", "--best", "enn", "--name", "net"] + s)
        #expect(promote.exitCode == 0, "\(promote)")
        let file = dir.url("runs/artifacts/net/v1/model.mfm")
        let artifact = try ArtifactFiles.load(path: file)
        #expect(artifact.model.kind == "embedding_nn")
        let features = try #require(artifact.model.features)
        #expect(features.names.contains("user.age") && features.names.contains("time.hour"))

        let rec = try await CLI.run(["recommend", "--model", "net@1", "--user", "7", "-k", "5", "--json"] + s)
        #expect(rec.exitCode == 0, "\(rec)")
        let items = try #require(try rec.jsonObject()["items"] as? [[String: Any]])
        let row = try #require(artifact.userRow("7"))
        let seen = Set(artifact.seen.items(of: row).map { artifact.itemIDs.rawIDs[Int($0)] })
        let recommended = items.compactMap { $0["item"] as? String }
        #expect(recommended.count == 5 && recommended.allSatisfy { !seen.contains($0) }, "\(recommended)")
        #expect(recommended == artifact.recommend(user: row, k: 5).map { artifact.itemIDs.rawIDs[$0.item] })
        let text = try await CLI.run(["recommend", "--model", file, "--user", "7", "-k", "3"])
        #expect(text.stdout.hasPrefix("\(file): user 7 (rated \(seen.count) items): top 3 unrated items"), "\(text)")

        let usersFile = try dir.write("users.txt", "7\n8\n")
        let many = try await CLI.run(["recommend", "--model", "net@1", "--users", usersFile, "-k", "2", "--json"] + s)
        #expect(many.exitCode == 0 && many.stdout.split(separator: "\n").count == 2, "\(many)")

        let similar = try await CLI.run(
            ["similar", "--model", "net@1", "--item", "3", "-k", "4", "--min-ratings", "1"] + s)
        #expect(similar.exitCode == 0, "\(similar)")
        #expect(similar.stdout.contains("by cosine similarity of item embeddings"), "\(similar)")
        #expect(similar.stdout.split(separator: "\n").count == 5, "\(similar)")

        let explain = try await CLI.run(["models", "explain", "net@1"] + s)
        #expect(explain.exitCode == 0, "\(explain)")
        #expect(explain.stdout.contains("embedding_nn model") && !explain.stdout.contains("bias"), "\(explain)")
        #expect(explain.stdout.contains("side features: user.gender (embedding "), "\(explain)")
        let show = try await CLI.run(["models", "show", "net"] + s)
        #expect(show.stdout.contains("kind:     embedding_nn"), "\(show)")

        // A damaged network file: one line, exit 64.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 3] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: file))
        let corrupt = try await CLI.run(["recommend", "--model", file, "--user", "7"])
        #expect(corrupt.exitCode == 64 && corrupt.stderrLines.count == 1, "\(corrupt)")
        #expect(corrupt.stderr.contains("checksum mismatch"), "\(corrupt)")
    }
}
