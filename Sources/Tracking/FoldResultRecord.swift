import GRDB

/// The final result of one cross-validation fold of a run.
///
/// Table `foldResult`, keyed by (`runID`, `fold`).
public struct FoldResultRecord: Codable, Sendable, Hashable, StoredRecord {
    /// The table's columns.
    enum Columns {
        static let runID = Column(CodingKeys.runID)
        static let fold = Column(CodingKeys.fold)
        static let trainOMSE = Column(CodingKeys.trainOMSE)
        static let testOMSE = Column(CodingKeys.testOMSE)
        static let steps = Column(CodingKeys.steps)
        static let diverged = Column(CodingKeys.diverged)
    }

    static let databaseTableName = "foldResult"

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
