import Foundation
import Ratings

/// The error `body` throws as a ``RatingsError``, or nil.
func ratingsError(_ body: () throws -> Void) -> RatingsError? {
    do {
        try body()
        return nil
    } catch let error as RatingsError {
        return error
    } catch {
        return nil
    }
}

/// A table from `(user, item, rating, timestamp)` rows with raw ids.
func table(_ rows: [(String, String, Float, Int64)]) -> RatingsTable {
    var table = RatingsTable()
    for (user, item, rating, timestamp) in rows {
        table.append(user: user, item: item, rating: rating, timestamp: timestamp)
    }
    return table
}

/// The rows of `table` as raw-id tuples, sorted, for order-independent comparison.
func canonicalRows(_ table: RatingsTable) -> [String] {
    (0..<table.count).map { row in
        "\(table.userIDs.rawID(at: table.users[row]))|\(table.itemIDs.rawID(at: table.items[row]))|"
            + "\(table.ratings[row])|\(table.timestamps[row])"
    }.sorted()
}
