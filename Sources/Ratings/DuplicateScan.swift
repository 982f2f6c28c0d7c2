import Core

/// Finds the rows of a table that rate a (user, item) pair again, and merges them by a
/// ``DuplicatePolicy``.
///
/// The rows are bucketed by user (a stable counting sort), and within a user each item is
/// stamped with the user's index, so a repeat is an item already stamped: O(rows + users +
/// items) time and 4 bytes a row plus 8 an item of memory, with no hashing. This keeps the
/// loader's cost linear on tens of millions of rows.
struct DuplicateScan {
    /// A row that repeats the pair of an earlier row.
    struct Repeat: Equatable {
        /// The repeating row.
        var row: Int
        /// The first row with the same pair.
        var first: Int
    }

    /// Every repeating row, in row order.
    private(set) var repeats: [Repeat] = []

    /// Scans `table`.
    ///
    /// - Complexity: O(rows + users + items).
    init(_ table: RatingsTable) {
        let n = table.count
        let userCount = table.userCount
        guard n > 1, userCount > 0, table.itemCount > 0 else { return }
        var offsets = [Int32](repeating: 0, count: userCount + 1)
        var stamps = [Int32](repeating: -1, count: table.itemCount)
        var firstRows = [Int32](repeating: 0, count: table.itemCount)
        var order = [Int32](repeating: 0, count: n)
        var found: [Repeat] = []
        table.users.withUnsafeBufferPointer { users in
            table.items.withUnsafeBufferPointer { items in
                for u in users { offsets[Int(u) + 1] += 1 }
                for u in 0..<userCount { offsets[u + 1] += offsets[u] }
                var next = offsets
                for row in 0..<n {
                    let u = Int(users[row])
                    order[Int(next[u])] = Int32(row)
                    next[u] += 1
                }
                for u in 0..<userCount {
                    let user = Int32(u)
                    for k in Int(offsets[u])..<Int(offsets[u + 1]) {
                        let row = order[k]
                        let item = Int(items[Int(row)])
                        if stamps[item] == user {
                            found.append(Repeat(row: Int(row), first: Int(firstRows[item])))
                        } else {
                            stamps[item] = user
                            firstRows[item] = row
                        }
                    }
                }
            }
        }
        found.sort { $0.row < $1.row }
        repeats = found
    }

    /// Distinct pairs that repeat.
    var pairCount: Int { Set(repeats.map(\.first)).count }

    /// `table` with one row per pair: each first row gets the rating `policy` picks (the last
    /// row's, or the mean) and the last row's timestamp, and the repeating rows are removed.
    /// ``DuplicatePolicy/error`` and ``DuplicatePolicy/keep`` leave the table as it is.
    func merged(_ table: RatingsTable, policy: DuplicatePolicy) -> RatingsTable {
        guard !repeats.isEmpty, policy == .last || policy == .mean else { return table }
        var table = table
        // Repeats are in row order, so each pair's last repeat is met last.
        var sums: [Int: (sum: Double, count: Int)] = [:]
        for r in repeats {
            if policy == .mean {
                let start = sums[r.first] ?? (Double(table.ratings[r.first]), 1)
                sums[r.first] = (start.sum + Double(table.ratings[r.row]), start.count + 1)
            } else {
                table.ratings[r.first] = table.ratings[r.row]
            }
            table.timestamps[r.first] = table.timestamps[r.row]
        }
        for (first, s) in sums { table.ratings[first] = Float(s.sum / Double(s.count)) }
        var removed = [Bool](repeating: false, count: table.count)
        for r in repeats { removed[r.row] = true }
        let kept = (0..<table.count).filter { !removed[$0] }
        return table.subset(kept)
    }
}
