/// One logged value of a run's metric history.
///
/// Table `metric`. NaN is stored as SQL NULL (SQLite has no NaN) and read back as NaN;
/// infinities are stored as they are.
public struct MetricRecord: Codable, Sendable, Hashable {
    enum CodingKeys: String, CodingKey {
        case runID, step, fold, name, value
    }

    /// The run that logged the value.
    public var runID: Int64
    /// The optimisation step.
    public var step: Int
    /// The fold, or nil for a value across folds (a mean, min or max, or a single split).
    public var fold: Int?
    /// The metric's name, for example `test_omse`.
    public var name: String
    /// The value.
    public var value: Double

    /// Makes a metric value.
    public init(runID: Int64, step: Int, fold: Int? = nil, name: String, value: Double) {
        self.runID = runID
        self.step = step
        self.fold = fold
        self.name = name
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        runID = try container.decode(Int64.self, forKey: .runID)
        step = try container.decode(Int.self, forKey: .step)
        fold = try container.decodeIfPresent(Int.self, forKey: .fold)
        name = try container.decode(String.self, forKey: .name)
        value = try container.decodeIfPresent(Double.self, forKey: .value) ?? .nan
    }

    /// Equal when every field is equal, NaN values included (so a NaN round trip compares equal).
    public static func == (lhs: MetricRecord, rhs: MetricRecord) -> Bool {
        lhs.runID == rhs.runID && lhs.step == rhs.step && lhs.fold == rhs.fold
            && lhs.name == rhs.name && lhs.value.bitPattern == rhs.value.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(runID)
        hasher.combine(step)
        hasher.combine(fold)
        hasher.combine(name)
        hasher.combine(value.bitPattern)
    }
}

extension MetricRecord: StoredRecord {
    static let table = "metric"
    static let columns = ["runID", "step", "fold", "name", "value"]
    /// Metric rows have no key of their own; they are only inserted and read.
    static let primaryKey: [String] = []

    init(row: SQLRow) throws {
        self.init(
            runID: try row.int64(0), step: try row.int(1), fold: try row.optionalInt(2), name: try row.string(3),
            value: try row.optionalDouble(4) ?? .nan)
    }

    var values: [SQLValue] { [.integer(runID), SQLValue(step), SQLValue(fold), .text(name), SQLValue(value)] }
}
