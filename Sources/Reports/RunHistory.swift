/// One logged series of a run: a metric of one fold (or across folds) over steps.
public struct MetricSeries: Sendable, Equatable, Codable {
    /// The metric's name as logged (the book's spelling, e.g. `Test omse`).
    public var name: String
    /// The fold, or nil for a value across folds.
    public var fold: Int?
    /// The logged steps, increasing.
    public var steps: [Int]
    /// The value at each step (NaN where it was not finite).
    public var values: [Double]

    /// A series.
    public init(name: String, fold: Int?, steps: [Int], values: [Double]) {
        precondition(steps.count == values.count, "one value per step")
        self.name = name
        self.fold = fold
        self.steps = steps
        self.values = values
    }
}

/// The logged metric history of one run, as the HTML report's curves need it.
public struct RunHistory: Sendable, Equatable, Codable {
    /// The run's number.
    public var run: Int
    /// Its series.
    public var series: [MetricSeries]

    /// A history.
    public init(run: Int, series: [MetricSeries]) {
        self.run = run
        self.series = series
    }

    /// The series of metric `name` per fold, by fold.
    public func perFold(_ name: String) -> [MetricSeries] {
        series.filter { $0.name == name && $0.fold != nil }.sorted { $0.fold! < $1.fold! }
    }

    /// The series of metric `name` across folds, if logged.
    public func acrossFolds(_ name: String) -> MetricSeries? {
        series.first { $0.name == name && $0.fold == nil }
    }
}
