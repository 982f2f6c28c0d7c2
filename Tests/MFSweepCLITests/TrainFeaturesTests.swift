import Foundation
import Testing

/// `mfsweep train --features`, `--user-features`, `--item-features`, and side features in a
/// sweep file given to `launch`.
@Suite("train: side features")
struct TrainFeaturesTests {
    /// A small valid ratings file (users 1–30) in `dir`.
    private func ratings(in dir: ScratchDirectory) throws -> String {
        try dir.write("ratings.csv", MovieLensText.csv(MovieLensText.smallValidRatings))
    }

    @Test("features with the dot model exit 64 before the data is read")
    func featuresNeedEmbeddingNN() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let users = try dir.write("users.csv", "id,age\n1,30\n")
        let result = try await CLI.run([
            "train", "--data", data, "--features", "user.age", "--user-features", users, "--param", "steps=2",
        ])
        #expect(result.exitCode == 64, "\(result)")
        #expect(
            result.stderrLines == [
                "error: parameter model: features need model embedding_nn (got dot); set model to embedding_nn"
            ], "\(result)")
    }

    @Test("an unknown feature name exits 64 naming --features")
    func unknownFeature() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let result = try await CLI.run(["train", "--data", data, "--features", "user.age, time.day"])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("--features: unknown feature 'time.day'"), "\(result)")
    }

    @Test("--user-features without --features exits 64")
    func filesNeedNames() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let result = try await CLI.run(["train", "--data", data, "--user-features", data])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("need --features"), "\(result)")
    }

    @Test("a bad side-file row exits 64 naming FILE:LINE")
    func badSideFileLine() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let users = try dir.write("users.csv", "id,age\n1,30\n2\n")
        let result = try await CLI.run([
            "train", "--data", data, "--features", "user.age", "--features", "time.hour", "--user-features", users,
            "--param", "model=embedding_nn", "--param", "batch_size=64", "--param", "gram=0", "--param",
            "optimizer=adam",
        ])
        #expect(result.exitCode == 64, "\(result)")
        #expect(
            result.stderrLines.last == "error: \(users):3: expected 2 fields separated by \",\", found 1", "\(result)")
    }

    @Test("launch refuses features when no config trains embedding_nn, at data.features")
    func launchChecksTheModel() async throws {
        let dir = try ScratchDirectory()
        _ = try ratings(in: dir)
        let file = try dir.write(
            "features.json",
            #"{"parameters": {"steps": {"value": 2}}, "data": {"path": "ratings.csv", "features": ["time.hour"]}}"#)
        let result = try await CLI.run(["launch", file, "--store", dir.url("store.sqlite")])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("features need model embedding_nn"), "\(result)")
        #expect(result.stderr.contains("[at data.features]"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: dir.url("store.sqlite")))
    }
}
