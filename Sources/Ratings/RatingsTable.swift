/// A ratings table in struct-of-arrays form: row `k` is the rating `ratings[k]` given by user
/// `users[k]` to item `items[k]` at `timestamps[k]`, with users and items as dense indices into
/// ``userIDs`` and ``itemIDs``.
public struct RatingsTable: Sendable, Equatable {
    /// Dense user index of each rating.
    public var users: [Int32]
    /// Dense item index of each rating.
    public var items: [Int32]
    /// Rating values.
    public var ratings: [Float]
    /// Timestamps (seconds since the epoch, or any increasing counter); 0 when the file has none.
    public var timestamps: [Int64]
    /// Raw user ids ↔ dense indices.
    public var userIDs: IDMap
    /// Raw item ids ↔ dense indices.
    public var itemIDs: IDMap

    /// A table from parallel columns; all four must have the same length and every index must be
    /// valid in its map.
    public init(
        users: [Int32], items: [Int32], ratings: [Float], timestamps: [Int64],
        userIDs: IDMap, itemIDs: IDMap
    ) {
        precondition(
            users.count == items.count && items.count == ratings.count
                && ratings.count == timestamps.count, "columns must have equal length")
        self.users = users
        self.items = items
        self.ratings = ratings
        self.timestamps = timestamps
        self.userIDs = userIDs
        self.itemIDs = itemIDs
    }

    /// An empty table.
    public init() {
        self.init(users: [], items: [], ratings: [], timestamps: [], userIDs: IDMap(), itemIDs: IDMap())
    }

    /// Number of ratings.
    public var count: Int { ratings.count }
    /// Number of distinct users (N in the book's formulas).
    public var userCount: Int { userIDs.count }
    /// Number of distinct items (M in the book's formulas).
    public var itemCount: Int { itemIDs.count }

    /// Fraction of the user×item matrix that is observed.
    public var density: Double {
        userCount == 0 || itemCount == 0 ? 0 : Double(count) / (Double(userCount) * Double(itemCount))
    }

    /// Appends one rating given by raw ids.
    public mutating func append(user: String, item: String, rating: Float, timestamp: Int64) {
        users.append(userIDs.intern(user))
        items.append(itemIDs.intern(item))
        ratings.append(rating)
        timestamps.append(timestamp)
    }

    /// The rows at `indices`, as (users, items, ratings) columns, keeping both id maps whole so
    /// that dense indices stay comparable across splits.
    public func subset(_ indices: [Int]) -> RatingsTable {
        RatingsTable(
            users: indices.map { users[$0] }, items: indices.map { items[$0] },
            ratings: indices.map { ratings[$0] }, timestamps: indices.map { timestamps[$0] },
            userIDs: userIDs, itemIDs: itemIDs)
    }
}
