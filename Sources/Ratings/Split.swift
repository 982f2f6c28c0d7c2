/// One train/test partition of a ratings table, as row indices into it. Indices are sorted
/// ascending; `train` and `test` are disjoint.
public struct Split: Sendable, Equatable {
    /// Row indices used for training.
    public var train: [Int]
    /// Row indices held out for testing.
    public var test: [Int]

    /// A split from two disjoint index lists (sorted here).
    public init(train: [Int], test: [Int]) {
        self.train = train.sorted()
        self.test = test.sorted()
    }
}
