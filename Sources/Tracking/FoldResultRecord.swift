/// The final result of one cross-validation fold of a run.
///
/// Table `foldResult`, keyed by (`runID`, `fold`).
public struct FoldResultRecord: Codable, Sendable, Hashable {
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

extension FoldResultRecord: StoredRecord {
    static let table = "foldResult"
    static let columns = ["runID", "fold", "trainOMSE", "testOMSE", "steps", "diverged"]
    static let primaryKey = ["runID", "fold"]

    init(row: SQLRow) throws {
        self.init(
            runID: try row.int64(0), fold: try row.int(1), trainOMSE: try row.optionalDouble(2),
            testOMSE: try row.optionalDouble(3), steps: try row.int(4), diverged: try row.optionalString(5))
    }

    var values: [SQLValue] {
        [.integer(runID), SQLValue(fold), SQLValue(trainOMSE), SQLValue(testOMSE), SQLValue(steps), SQLValue(diverged)]
    }
}
