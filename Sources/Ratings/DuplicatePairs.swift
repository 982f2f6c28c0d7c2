/// The (user, item) pairs of a ratings file that are rated on more than one row, counted as the
/// file has them (before any ``DuplicatePolicy`` merged them).
public struct DuplicatePairs: Sendable, Equatable {
    /// The earliest repeat in the file: the row that rates a pair a second time.
    public struct Example: Sendable, Equatable {
        /// The raw user id.
        public var user: String
        /// The raw item id.
        public var item: String
        /// The 1-based line that rates the pair again.
        public var line: Int
        /// The 1-based line that rated it first.
        public var firstLine: Int

        /// An example.
        public init(user: String, item: String, line: Int, firstLine: Int) {
            self.user = user
            self.item = item
            self.line = line
            self.firstLine = firstLine
        }
    }

    /// Distinct pairs rated on more than one row.
    public var pairs: Int
    /// Rows beyond the first of each such pair: the rows ``DuplicatePolicy/last`` and
    /// ``DuplicatePolicy/mean`` merge away.
    public var extraRows: Int
    /// The earliest repeat; nil when there is none or the ratings come from no file.
    public var first: Example?

    /// A report of `pairs` repeated pairs.
    public init(pairs: Int = 0, extraRows: Int = 0, first: Example? = nil) {
        self.pairs = pairs
        self.extraRows = extraRows
        self.first = first
    }

    /// No repeated pair.
    public static let none = DuplicatePairs()
}
