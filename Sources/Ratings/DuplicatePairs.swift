public import Core

/// The (user, item) pairs of a ratings file that are rated on more than one row, counted as the
/// file has them (before any ``DuplicatePolicy`` merged them).
public struct DuplicatePairs: Sendable, Equatable {
    /// The earliest repeat in the file: the row that rates a pair a second time.
    public struct Example: Sendable, Equatable, Encodable {
        /// The raw user id.
        public var user: String
        /// The raw item id.
        public var item: String
        /// The 1-based line that rates the pair again.
        public var line: Int
        /// The 1-based line that rated it first.
        public var firstLine: Int

        enum CodingKeys: String, CodingKey {
            case user, item, line
            case firstLine = "first_line"
        }

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

extension DuplicatePairs {
    /// One line for `data info`: `none`, or the repeated pairs, the earliest repeat and what
    /// `policy` did with them.
    public func render(policy: DuplicatePolicy) -> String {
        guard let first else { return "none" }
        let counts =
            "\(pairs) (user, item) pairs rated more than once (\(extraRows) extra rows); first: "
            + "line \(first.line) repeats line \(first.firstLine) (user \(first.user), item \(first.item))"
        switch policy {
        case .last, .mean: return counts + "; merged by --duplicates \(policy.name)"
        case .error, .keep:
            return counts + "; train and launch refuse them unless --duplicates last or --duplicates mean"
        }
    }
}

extension DuplicatePairs {
    /// The repeated pairs and what a policy did with them, as `data info --json` prints them:
    /// `{"pairs", "extra_rows", "policy", "first": {"user", "item", "line", "first_line"}}`.
    public struct Report: Sendable, Equatable, Encodable {
        /// Distinct pairs rated on more than one row.
        public var pairs: Int
        /// Rows beyond the first of each such pair.
        public var extraRows: Int
        /// `keep` (counted, nothing merged: the file as written), `last` or `mean`.
        public var policy: String
        /// The earliest repeat.
        public var first: Example?

        enum CodingKeys: String, CodingKey {
            case pairs, policy, first
            case extraRows = "extra_rows"
        }
    }

    /// The report of these pairs under `policy`.
    public func report(policy: DuplicatePolicy) -> Report {
        Report(pairs: pairs, extraRows: extraRows, policy: policy.name, first: first)
    }
}
