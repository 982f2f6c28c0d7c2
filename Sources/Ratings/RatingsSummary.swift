/// Descriptive statistics of a ratings table, for `data info` and reports. Encodes to JSON with
/// snake_case keys. Users and items are counted over the rows (ids in the maps with no rating,
/// as in a split's subset, are not counted). An empty table gives zeros.
public struct RatingsSummary: Codable, Sendable, Equatable {
    /// Number of ratings.
    public var ratings: Int
    /// Number of distinct users with at least one rating.
    public var users: Int
    /// Number of distinct items with at least one rating.
    public var items: Int
    /// ratings / (users · items).
    public var density: Double
    /// Smallest rating.
    public var ratingMin: Double
    /// Largest rating.
    public var ratingMax: Double
    /// Mean rating.
    public var ratingMean: Double
    /// The distribution of rating values.
    public var histogram: Histogram
    /// Ratings per user.
    public var ratingsPerUser: CountStats
    /// Ratings per item.
    public var ratingsPerItem: CountStats
    /// Earliest timestamp.
    public var timestampMin: Int64
    /// Latest timestamp.
    public var timestampMax: Int64

    /// Minimum, median and maximum of a count (the median of an even number of counts is the
    /// mean of the middle two).
    public struct CountStats: Codable, Sendable, Equatable {
        /// The smallest count.
        public var min: Int
        /// The median count.
        public var median: Double
        /// The largest count.
        public var max: Int

        /// Statistics of `counts` (zeros when empty).
        public init(_ counts: [Int]) {
            let sorted = counts.sorted()
            guard let first = sorted.first, let last = sorted.last else {
                (min, median, max) = (0, 0, 0)
                return
            }
            min = first
            max = last
            let mid = sorted.count / 2
            median = sorted.count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
        }
    }

    /// The count of one distinct rating value.
    public struct ValueCount: Codable, Sendable, Equatable {
        /// The rating value.
        public var value: Double
        /// How many ratings have it.
        public var count: Int

        /// `count` ratings of `value`.
        public init(value: Double, count: Int) {
            self.value = value
            self.count = count
        }
    }

    /// The count of ratings in `[lo, hi)` (the last bin includes `hi`).
    public struct Bin: Codable, Sendable, Equatable {
        /// Lower edge.
        public var lo: Double
        /// Upper edge.
        public var hi: Double
        /// How many ratings fall in the bin.
        public var count: Int

        /// `count` ratings in `[lo, hi)`.
        public init(lo: Double, hi: Double, count: Int) {
            self.lo = lo
            self.hi = hi
            self.count = count
        }
    }

    /// Counts per distinct value when there are at most 20 of them (star ratings), else 10
    /// equal-width bins. Encodes as a JSON array of `{value, count}` or `{lo, hi, count}`.
    public enum Histogram: Codable, Sendable, Equatable {
        /// One entry per distinct value, ascending.
        case values([ValueCount])
        /// Ten equal-width bins from the minimum to the maximum.
        case bins([Bin])

        /// Decodes either array shape.
        public init(from decoder: any Decoder) throws {
            if let values = try? [ValueCount](from: decoder) {
                self = .values(values)
            } else {
                self = .bins(try [Bin](from: decoder))
            }
        }

        /// Encodes as an array.
        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .values(let values): try values.encode(to: encoder)
            case .bins(let bins): try bins.encode(to: encoder)
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case ratings, users, items, density
        case ratingMin = "rating_min"
        case ratingMax = "rating_max"
        case ratingMean = "rating_mean"
        case histogram
        case ratingsPerUser = "ratings_per_user"
        case ratingsPerItem = "ratings_per_item"
        case timestampMin = "timestamp_min"
        case timestampMax = "timestamp_max"
    }

    /// The summary of `table`.
    ///
    /// - Complexity: O(count + (N + M) · log(N + M)).
    public init(_ table: RatingsTable) {
        ratings = table.count
        var perUser = [Int](repeating: 0, count: table.userCount)
        var perItem = [Int](repeating: 0, count: table.itemCount)
        for user in table.users { perUser[Int(user)] += 1 }
        for item in table.items { perItem[Int(item)] += 1 }
        let userCounts = perUser.filter { $0 > 0 }
        let itemCounts = perItem.filter { $0 > 0 }
        users = userCounts.count
        items = itemCounts.count
        density = users == 0 || items == 0 ? 0 : Double(ratings) / (Double(users) * Double(items))
        ratingsPerUser = CountStats(userCounts)
        ratingsPerItem = CountStats(itemCounts)
        timestampMin = table.timestamps.min() ?? 0
        timestampMax = table.timestamps.max() ?? 0

        var low = Float.infinity
        var high = -Float.infinity
        var sum = 0.0
        var counts: [Float: Int] = [:]
        for rating in table.ratings {
            low = Swift.min(low, rating)
            high = Swift.max(high, rating)
            sum += Double(rating)
            if counts.count <= 20 || counts[rating] != nil { counts[rating, default: 0] += 1 }
        }
        guard ratings > 0 else {
            (ratingMin, ratingMax, ratingMean, histogram) = (0, 0, 0, .values([]))
            return
        }
        ratingMin = Double(low)
        ratingMax = Double(high)
        ratingMean = sum / Double(ratings)
        if counts.count <= 20 {
            histogram = .values(counts.keys.sorted().map { ValueCount(value: Double($0), count: counts[$0]!) })
        } else {
            let (lo, hi) = (Double(low), Double(high))
            let width = (hi - lo) / 10
            var bins = (0..<10).map { k in
                Bin(lo: lo + Double(k) * width, hi: k == 9 ? hi : lo + Double(k + 1) * width, count: 0)
            }
            for rating in table.ratings {
                let k = Swift.min(9, Swift.max(0, Int(((Double(rating) - lo) / width).rounded(.down))))
                bins[k].count += 1
            }
            histogram = .bins(bins)
        }
    }
}
