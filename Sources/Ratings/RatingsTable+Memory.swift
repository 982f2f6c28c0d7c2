extension RatingsTable {
    /// Bytes per rating of a table: user and item indices (4 + 4), the rating (4) and the
    /// timestamp (8).
    public static let bytesPerRating = 20.0

    /// Bytes per raw id of a table's id maps: the id in ``IDMap/rawIDs`` (16, more for ids
    /// longer than 15 bytes, which live on the heap) and its dictionary entry (key and value in
    /// a hash table at most 3/4 full, 16 + 4 bytes per slot).
    public static let bytesPerID = 64.0

    /// The estimated bytes of a table of `ratings` ratings over `users` users and `items` items.
    public static func estimatedBytes(ratings: Double, users: Double, items: Double) -> Double {
        bytesPerRating * ratings + bytesPerID * (users + items)
    }

    /// The estimated bytes of this table (see ``estimatedBytes(ratings:users:items:)``).
    public var estimatedBytes: Double {
        Self.estimatedBytes(ratings: Double(count), users: Double(userCount), items: Double(itemCount))
    }
}
