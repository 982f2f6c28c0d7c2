/// One registered version of a model: its artifact, checksum and lineage (the sweep, run,
/// config and data it came from, the run's cross-validation metrics and the refit's loss).
///
/// Table `modelVersion`. `version` counts from 1 per model, in registration order, and is never
/// reused (archived versions keep their numbers).
public struct ModelVersionRecord: Codable, Sendable, Hashable {
    /// Whether a version is in use.
    public enum State: String, Codable, Sendable, CaseIterable {
        /// Registered and loadable; `latest` may pick it.
        case ready
        /// Kept for lineage; still loadable by number, never picked by `latest`, and it holds no alias.
        case archived
    }

    /// The row id, assigned by the store.
    public var id: Int64
    /// The model.
    public var modelID: Int64
    /// The version number: 1, 2, … per model.
    public var version: Int
    /// Ready or archived.
    public var state: State
    /// The sweep the run belongs to.
    public var sweepID: Int64
    /// The sweep's name when the version was registered.
    public var sweepName: String
    /// The run whose config was refitted.
    public var runID: Int64
    /// The run's number in its sweep.
    public var runNumber: Int
    /// The refitted config, as JSON text.
    public var configJSON: String
    /// The fingerprint of the data the model was refitted on.
    public var dataFingerprint: String
    /// The run's cross-validation metrics as JSON: `{"metric", "goal", "value", "folds": [{"fold", "train_omse", "test_omse"}]}`.
    public var metricsJSON: String
    /// The refit's final train OMSE on all the data (nil if not finite).
    public var refitTrainOMSE: Double?
    /// The refit's steps.
    public var refitSteps: Int
    /// The refit's wall time in seconds.
    public var refitSeconds: Double
    /// The artifact file, relative to the store's folder.
    public var artifactPath: String
    /// The sha256 of the artifact's bytes, in hex.
    public var sha256: String
    /// The artifact's size in bytes.
    public var byteCount: Int
    /// The mfsweep version that registered it.
    public var toolVersion: String
    /// When it was registered, in seconds since 1970.
    public var createdAt: Double

    /// Makes a record; ``RunStore/registerModelVersion(name:_:alias:now:install:)`` fills `id`,
    /// `modelID`, `version` and `artifactPath`.
    public init(
        id: Int64 = 0, modelID: Int64 = 0, version: Int = 0, state: State = .ready, sweepID: Int64,
        sweepName: String, runID: Int64, runNumber: Int, configJSON: String, dataFingerprint: String,
        metricsJSON: String, refitTrainOMSE: Double?, refitSteps: Int, refitSeconds: Double,
        artifactPath: String = "", sha256: String, byteCount: Int, toolVersion: String, createdAt: Double
    ) {
        self.id = id
        self.modelID = modelID
        self.version = version
        self.state = state
        self.sweepID = sweepID
        self.sweepName = sweepName
        self.runID = runID
        self.runNumber = runNumber
        self.configJSON = configJSON
        self.dataFingerprint = dataFingerprint
        self.metricsJSON = metricsJSON
        self.refitTrainOMSE = refitTrainOMSE
        self.refitSteps = refitSteps
        self.refitSeconds = refitSeconds
        self.artifactPath = artifactPath
        self.sha256 = sha256
        self.byteCount = byteCount
        self.toolVersion = toolVersion
        self.createdAt = createdAt
    }
}

extension ModelVersionRecord: StoredRecord {
    static let table = "modelVersion"
    static let columns = [
        "id", "modelID", "version", "state", "sweepID", "sweepName", "runID", "runNumber", "configJSON",
        "dataFingerprint", "metricsJSON", "refitTrainOMSE", "refitSteps", "refitSeconds", "artifactPath", "sha256",
        "byteCount", "toolVersion", "createdAt",
    ]

    init(row: SQLRow) throws {
        self.init(
            id: try row.int64(0), modelID: try row.int64(1), version: try row.int(2),
            state: try row.raw(3, as: State.self), sweepID: try row.int64(4), sweepName: try row.string(5),
            runID: try row.int64(6), runNumber: try row.int(7), configJSON: try row.string(8),
            dataFingerprint: try row.string(9), metricsJSON: try row.string(10),
            refitTrainOMSE: try row.optionalDouble(11), refitSteps: try row.int(12), refitSeconds: try row.double(13),
            artifactPath: try row.string(14), sha256: try row.string(15), byteCount: try row.int(16),
            toolVersion: try row.string(17), createdAt: try row.double(18))
    }

    var values: [SQLValue] {
        [
            .integer(id), .integer(modelID), SQLValue(version), .text(state.rawValue), .integer(sweepID),
            .text(sweepName), .integer(runID), SQLValue(runNumber), .text(configJSON), .text(dataFingerprint),
            .text(metricsJSON), SQLValue(refitTrainOMSE), SQLValue(refitSteps), SQLValue(refitSeconds),
            .text(artifactPath), .text(sha256), SQLValue(byteCount), .text(toolVersion), SQLValue(createdAt),
        ]
    }
}
