import Foundation
import TestSupport

/// A ``TempDirectory`` removed when the value goes away.
final class ScratchDirectory {
    private let directory: TempDirectory

    init() throws {
        directory = try TempDirectory()
    }

    deinit {
        directory.remove()
    }

    /// The directory's path.
    var path: String { directory.path }

    /// The path of `name` inside the directory (nothing is created).
    func url(_ name: String) -> String { directory.path(name) }

    /// Writes `contents` (UTF-8) to `name` (subdirectories are created) and returns its path.
    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        try directory.file(name, contents)
    }

    /// Runs `mfsweep data synth` (in-process) with a small spec and returns the CSV's path and synth's result.
    func synthesize(
        _ name: String = "synth.csv", users: Int = 120, items: Int = 80, density: Double = 0.25, seed: Int = 0
    ) async throws -> (path: String, result: CLIResult) {
        let target = url(name)
        let result = try await CLI.run([
            "data", "synth", "-o", target, "--users", "\(users)", "--items", "\(items)",
            "--density", "\(density)", "--seed", "\(seed)",
        ])
        guard result.exitCode == 0, FileManager.default.fileExists(atPath: target) else {
            throw CLIError("data synth failed: \(result)")
        }
        return (target, result)
    }
}

/// One rating with raw ids, to write in each MovieLens layout.
struct Rating {
    var user: String
    var item: String
    var rating: String
    var timestamp: Int

    init(_ user: String, _ item: String, _ rating: String, _ timestamp: Int) {
        self.user = user
        self.item = item
        self.rating = rating
        self.timestamp = timestamp
    }
}

/// Ratings files in the MovieLens layouts.
enum MovieLensText {
    /// `u.data`: tab-separated, no header.
    static func uData(_ rows: [Rating]) -> String {
        rows.map { "\($0.user)\t\($0.item)\t\($0.rating)\t\($0.timestamp)\n" }.joined()
    }

    /// `ratings.dat`: `::`-separated, no header.
    static func dat(_ rows: [Rating]) -> String {
        rows.map { "\($0.user)::\($0.item)::\($0.rating)::\($0.timestamp)\n" }.joined()
    }

    /// `ratings.csv`: header `userId,movieId,rating,timestamp`.
    static func csv(_ rows: [Rating]) -> String {
        "userId,movieId,rating,timestamp\n"
            + rows.map { "\($0.user),\($0.item),\($0.rating),\($0.timestamp)\n" }.joined()
    }

    /// A small, well-formed set of star ratings: users 1–30, items 1–20, about a quarter of pairs.
    static let smallValidRatings: [Rating] = {
        var rows: [Rating] = []
        var timestamp = 880_000_000
        for user in 1...30 {
            for item in 1...20 where (user * 7 + item * 3) % 4 == 0 {
                timestamp += 17
                rows.append(Rating("\(user)", "\(item)", "\(1 + (user + 2 * item) % 5)", timestamp))
            }
        }
        return rows
    }()
}

/// `mfsweep data info --json`.
struct DataInfoJSON: Decodable {
    struct Summary: Decodable {
        struct ValueCount: Decodable, Equatable {
            var value: Double
            var count: Int
        }
        var ratings: Int
        var users: Int
        var items: Int
        var ratingMin: Double
        var ratingMax: Double
        var ratingMean: Double
        var histogram: [ValueCount]

        enum CodingKeys: String, CodingKey {
            case ratings, users, items, histogram
            case ratingMin = "rating_min"
            case ratingMax = "rating_max"
            case ratingMean = "rating_mean"
        }
    }

    struct Duplicates: Decodable, Equatable {
        struct First: Decodable, Equatable {
            var user: String
            var item: String
            var line: Int
            var firstLine: Int

            enum CodingKeys: String, CodingKey {
                case user, item, line
                case firstLine = "first_line"
            }
        }
        var pairs: Int
        var extraRows: Int
        var policy: String
        var first: First?

        enum CodingKeys: String, CodingKey {
            case pairs, policy, first
            case extraRows = "extra_rows"
        }
    }

    var path: String
    var format: String
    var fingerprint: String
    var skippedRows: Int
    var duplicates: Duplicates
    var summary: Summary

    enum CodingKeys: String, CodingKey {
        case path, format, fingerprint, summary, duplicates
        case skippedRows = "skipped_rows"
    }
}

/// `mfsweep train --json`.
struct TrainJSON: Decodable {
    struct Config: Decodable {
        var embDim: Int
        var numFolds: Int
        var steps: Int
        var alpha: Double
        var priorStd: Double

        enum CodingKeys: String, CodingKey {
            case steps, alpha
            case embDim = "emb_dim"
            case numFolds = "num_folds"
            case priorStd = "prior_std"
        }
    }

    struct DataInfo: Decodable {
        var path: String
        var fingerprint: String
        var users: Int
        var items: Int
        var ratings: Int
        var skippedRows: Int

        enum CodingKeys: String, CodingKey {
            case path, fingerprint, users, items, ratings
            case skippedRows = "skipped_rows"
        }
    }

    struct Fold: Decodable {
        var fold: Int
        var trainOMSE: Double?
        var testOMSE: Double?
        var testRMSE: Double?
        var steps: Int
        var diverged: String?

        enum CodingKeys: String, CodingKey {
            case fold, steps, diverged
            case trainOMSE = "train_omse"
            case testOMSE = "test_omse"
            case testRMSE = "test_rmse"
        }
    }

    var config: Config
    var validation: String
    var seed: UInt64
    var data: DataInfo
    var folds: [Fold]
    var testOMSEMean: Double?
    var testOMSEMin: Double?
    var testOMSEMax: Double?
    var testRMSEMean: Double?
    var steps: Int
    var seconds: Double
    var msPerStep: Double
    var diverged: String?

    enum CodingKeys: String, CodingKey {
        case config, validation, seed, data, folds, steps, seconds, diverged
        case testOMSEMean = "test_omse_mean"
        case testOMSEMin = "test_omse_min"
        case testOMSEMax = "test_omse_max"
        case testRMSEMean = "test_rmse_mean"
        case msPerStep = "ms_per_step"
    }
}

/// Whether `a` and `b` agree to within a few units of rounding.
func nearlyEqual(_ a: Double, _ b: Double) -> Bool {
    abs(a - b) <= 1e-12 * max(1, abs(a), abs(b))
}
