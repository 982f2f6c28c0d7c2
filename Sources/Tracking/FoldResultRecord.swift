public import GRDB

/// The final result of one cross-validation fold of a run.
///
/// Table `foldResult`, keyed by (`runID`, `fold`).
public struct FoldResultRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    /// The table's columns.
    public enum Columns {
        public static let runID = Column(CodingKeys.runID)
        public static let fold = Column(CodingKeys.fold)
        public static let trainOMSE = Column(CodingKeys.trainOMSE)
        public static let testOMSE = Column(CodingKeys.testOMSE)
        public static let steps = Column(CodingKeys.steps)
        public static let diverged = Column(CodingKeys.diverged)
    }

    public static let databaseTableName = "foldResult"

    /// The run.
    public var runID: Int64
    /// The fold index, from 0.
    public var fold: Int
    /// The observed mean squared error on the fold's train split (nil if not finite).
    public var trainOMSE: Double?
    /// The observed mean squared error on the fold's test split (nil if not finite).
    public var testOMSE: Double?
    /// The steps the fold took.
    public var steps: Int
    /// Why the fold diverged, if it did (for example "test_omse is NaN at step 12").
    public var diverged: String?

    /// Makes a fold result.
    public init(
        runID: Int64, fold: Int, trainOMSE: Double?, testOMSE: Double?, steps: Int,
        diverged: String? = nil
    ) {
        self.runID = runID
        self.fold = fold
        self.trainOMSE = trainOMSE
        self.testOMSE = testOMSE
        self.steps = steps
        self.diverged = diverged
    }
}
