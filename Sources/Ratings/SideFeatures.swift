/// Side features encoded for fastai's EmbeddingNN (TabularModel), aligned to a
/// ``RatingsTable``: the ``user`` block has one row per dense user index (`table.userIDs`),
/// the ``item`` block one per dense item index, and the ``rating`` block (time features) one
/// per table row.
///
/// Each block holds categorical features as codes (0 is unknown or missing; level `k` of
/// ``Categorical/levels`` is code `k + 1`) and continuous features as normalised values
/// ((x − mean) / std, where std is the population standard deviation over the entities with a
/// value, 1 when it is 0; a missing value is 0, the mean). Both are flat row-major buffers:
/// entity `e`'s feature `f` is `codes[e * categorical.count + f]`.
///
/// Made by ``SideFeatureLoader``; `Codable`, so a model can store the levels and the
/// normalisation it was trained with and encode new ratings the same way (``ratingLevel(at:)``).
public struct SideFeatures: Sendable, Equatable, Codable {
    /// The levels features live at.
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        /// One row per dense user index.
        case user
        /// One row per dense item index.
        case item
        /// One row per rating (time features).
        case rating
    }

    /// A categorical feature: its name and levels.
    public struct Categorical: Sendable, Equatable, Codable {
        /// `user.gender`, `time.month`, `user.COLUMN`.
        public var name: String
        /// The values, in code order from 1 (code 0 is unknown or missing).
        public var levels: [String]

        /// A feature named `name` with `levels`.
        public init(name: String, levels: [String]) {
            self.name = name
            self.levels = levels
        }

        /// The number of codes, unknown included: `levels.count + 1` (an embedding's rows).
        public var cardinality: Int { levels.count + 1 }

        /// The code of `value`: its level's index + 1, or 0 when it is not a level.
        public func code(of value: String) -> Int32 {
            levels.firstIndex(of: value).map { Int32($0 + 1) } ?? 0
        }
    }

    /// A continuous feature: its name and the normalisation applied to it.
    public struct Continuous: Sendable, Equatable, Codable {
        /// `user.age`, `item.genres=Comedy`, `time.year`.
        public var name: String
        /// The mean subtracted.
        public var mean: Double
        /// The standard deviation divided by (1 when the values do not vary).
        public var std: Double

        /// A feature named `name` normalised with `mean` and `std`.
        public init(name: String, mean: Double, std: Double) {
            self.name = name
            self.mean = mean
            self.std = std
        }

        /// `x` normalised: (x − mean) / std; 0 (the mean) when `x` is nil.
        public func normalise(_ x: Double?) -> Float {
            guard let x else { return 0 }
            return Float((x - mean) / std)
        }
    }

    /// The features of one level for `count` entities.
    public struct Block: Sendable, Equatable, Codable {
        /// Entities: users, items or ratings.
        public var count: Int
        /// The categorical features, in column order of ``codes``.
        public var categorical: [Categorical]
        /// The continuous features, in column order of ``values``.
        public var continuous: [Continuous]
        /// Codes, row-major: `count × categorical.count`.
        public var codes: [Int32]
        /// Normalised values, row-major: `count × continuous.count`.
        public var values: [Float]

        /// A block; `codes` and `values` must be `count` rows of the features.
        public init(
            count: Int, categorical: [Categorical] = [], continuous: [Continuous] = [], codes: [Int32] = [],
            values: [Float] = []
        ) {
            precondition(codes.count == count * categorical.count, "codes must be count × categorical.count")
            precondition(values.count == count * continuous.count, "values must be count × continuous.count")
            self.count = count
            self.categorical = categorical
            self.continuous = continuous
            self.codes = codes
            self.values = values
        }

        /// No features for `count` entities.
        public static func empty(count: Int) -> Block { Block(count: count) }

        /// Whether the block has no features.
        public var isEmpty: Bool { categorical.isEmpty && continuous.isEmpty }

        /// Categorical features per entity (the row length of ``codes``).
        public var categoricalCount: Int { categorical.count }
        /// Continuous features per entity (the row length of ``values``).
        public var continuousCount: Int { continuous.count }
        /// Each categorical feature's cardinality (embedding rows), in column order.
        public var cardinalities: [Int] { categorical.map(\.cardinality) }

        /// Entity `e`'s codes.
        public func codes(of e: Int) -> ArraySlice<Int32> {
            codes[(e * categorical.count)..<((e + 1) * categorical.count)]
        }

        /// Entity `e`'s normalised values.
        public func values(of e: Int) -> ArraySlice<Float> {
            values[(e * continuous.count)..<((e + 1) * continuous.count)]
        }
    }

    /// One row per dense user index.
    public var user: Block
    /// One row per dense item index.
    public var item: Block
    /// One row per table row (time features).
    public var rating: Block
    /// The latest timestamp of the training ratings: "now" when a model trained on them scores
    /// a new rating (``ratingLevel(at:)``).
    public var latestTimestamp: Int64

    /// Features from their blocks.
    public init(user: Block, item: Block, rating: Block, latestTimestamp: Int64 = 0) {
        self.user = user
        self.item = item
        self.rating = rating
        self.latestTimestamp = latestTimestamp
    }

    /// The block at `level`.
    public subscript(level: Level) -> Block {
        switch level {
        case .user: user
        case .item: item
        case .rating: rating
        }
    }

    /// Whether there is no feature at any level.
    public var isEmpty: Bool { user.isEmpty && item.isEmpty && rating.isEmpty }

    /// Every feature's name, user then item then rating level, categorical before continuous.
    public var names: [String] {
        Level.allCases.flatMap { self[$0].categorical.map(\.name) + self[$0].continuous.map(\.name) }
    }
}
