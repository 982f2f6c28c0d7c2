import Foundation

/// The run's cross-validation metrics, as recorded with a model version.
public struct CVMetrics: Codable, Sendable {
    /// One fold's final values.
    public struct Fold: Codable, Sendable {
        /// The fold, from 0.
        public var fold: Int
        /// Its final train OMSE.
        public var trainOMSE: Double?
        /// Its final test OMSE.
        public var testOMSE: Double?
        enum CodingKeys: String, CodingKey {
            case fold
            case trainOMSE = "train_omse"
            case testOMSE = "test_omse"
        }
    }
    /// The sweep's metric.
    public var metric: String
    /// `minimize` or `maximize`.
    public var goal: String
    /// The run's value of the metric.
    public var value: Double?
    /// Per-fold values.
    public var folds: [Fold]
}

/// The lineage written inside the artifact (the store has the same, plus the version number).
struct Lineage: Codable {
    var name: String
    var sweep: String
    var run: Int
    var config: String
    var dataFingerprint: String
    var metrics: CVMetrics
    var refitTrainOMSE: Double?
    var refitSteps: Int
    var toolVersion: String
    var createdAt: Double
    /// The lowest and highest rating of the data the model was fitted on (nil in files written
    /// before it was recorded): `recommend` clips the predictions it shows to it.
    var ratingRange: [Double]? = nil

    enum CodingKeys: String, CodingKey {
        case name, sweep, run, config, metrics
        case ratingRange = "rating_range"
        case dataFingerprint = "data_fingerprint"
        case refitTrainOMSE = "refit_train_omse"
        case refitSteps = "refit_steps"
        case toolVersion = "tool_version"
        case createdAt = "created_at"
    }
}

extension ModelArtifact {
    /// The ratings' range recorded in the artifact's lineage (`rating_range`), if any.
    public var trainingRatingRange: ClosedRange<Double>? {
        struct Recorded: Decodable {
            var ratingRange: [Double]?
            enum CodingKeys: String, CodingKey { case ratingRange = "rating_range" }
        }
        guard let recorded = try? JSONDecoder().decode(Recorded.self, from: Data(metadataJSON.utf8)),
            let r = recorded.ratingRange, r.count == 2, r[0].isFinite, r[1].isFinite, r[0] <= r[1]
        else { return nil }
        return r[0]...r[1]
    }
}
