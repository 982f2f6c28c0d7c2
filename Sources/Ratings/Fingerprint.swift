/// A content fingerprint of ratings: the same ratings give the same fingerprint whatever the
/// file format, row order or dense index assignment.
public enum Fingerprint {
    /// `"sha256:"` + the hex SHA-256 of the table's canonical form: rows sorted by (raw user,
    /// raw item, timestamp, rating), raw ids compared by their UTF-8 bytes, each row written as
    /// `user\titem\trating\ttimestamp\n` with the rating as Swift prints a `Float` (`3.0`, `3.5`).
    ///
    /// - Complexity: O(count · log count).
    public static func of(_ table: RatingsTable) -> String {
        let (sortedUsers, userRanks) = ranks(table.userIDs)
        let (sortedItems, itemRanks) = ranks(table.itemIDs)
        // Rows bucketed by user rank (counting sort) into contiguous records, then each user's
        // records sorted by (item rank, timestamp, rating). Ids are then looked up by rank, so
        // the pass over the records reads them in nearly ascending order (cache-friendly).
        var starts = [Int](repeating: 0, count: table.userCount + 1)
        for user in table.users { starts[Int(userRanks[Int(user)]) + 1] += 1 }
        for k in 0..<table.userCount { starts[k + 1] += starts[k] }
        var next = starts
        var records = [CanonicalRow](repeating: CanonicalRow(), count: table.count)
        for row in 0..<table.count {
            let userRank = userRanks[Int(table.users[row])]
            records[next[Int(userRank)]] = CanonicalRow(
                itemRank: itemRanks[Int(table.items[row])], userRank: userRank, rating: table.ratings[row],
                timestamp: table.timestamps[row])
            next[Int(userRank)] += 1
        }
        for k in 0..<table.userCount where starts[k + 1] - starts[k] > 1 {
            records[starts[k]..<starts[k + 1]].sort()
        }
        var hasher = SHA256()
        RowFormatter(users: sortedUsers, items: sortedItems, separator: 9).format(
            count: records.count,
            row: { i in (records[i].userRank, records[i].itemRank, records[i].rating, records[i].timestamp) },
            emit: { hasher.update(UnsafeRawBufferPointer($0)) })
        return "sha256:" + SHA256.hex(hasher.finalize())
    }

    /// The raw ids in UTF-8 byte order, and the rank of each (by dense index) in that order.
    private static func ranks(_ ids: IDMap) -> (sorted: [String], ranks: [Int32]) {
        let bytes = ids.rawIDs.map { Array($0.utf8) }
        let order = bytes.indices.sorted { bytes[$0].lexicographicallyPrecedes(bytes[$1]) }
        var ranks = [Int32](repeating: 0, count: bytes.count)
        for (rank, index) in order.enumerated() { ranks[index] = Int32(rank) }
        return (order.map { ids.rawIDs[$0] }, ranks)
    }
}

/// A row in canonical order within one user: by item rank, then timestamp, then rating.
private struct CanonicalRow: Comparable {
    var itemRank: Int32 = 0
    var userRank: Int32 = 0
    var rating: Float = 0
    var timestamp: Int64 = 0

    static func < (a: CanonicalRow, b: CanonicalRow) -> Bool {
        if a.itemRank != b.itemRank { return a.itemRank < b.itemRank }
        if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
        return a.rating < b.rating
    }
}
