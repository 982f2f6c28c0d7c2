import Core

/// Finds the rows of a table that rate a (user, item) pair again, and merges them by a
/// ``DuplicatePolicy``.
///
/// The rows are bucketed by user (a stable counting sort), and within a user each item is
/// stamped with the user's index, so a repeat is an item already stamped: linear time and 4
/// bytes a row plus 8 an item (per core) of memory, with no hashing. This keeps the loader's
/// cost linear on tens of millions of rows.
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

    /// Scans `table`, the users split into one range per core: each range's rows are bucketed
    /// and stamped on their own, and the repeats found are put in row order, so the result does
    /// not depend on the split.
    ///
    /// - Complexity: O(rows · ranges + users + items · ranges), with the random-access part
    ///   (O(rows)) shared between the cores.
    init(_ table: RatingsTable) {
        let n = table.count
        let userCount = table.userCount
        let itemCount = table.itemCount
        guard n > 1, userCount > 0, itemCount > 0 else { return }
        let ranges = min(ParallelChunks.processors, userCount)
        var found = [[Repeat]](repeating: [], count: ranges)
        table.users.withUnsafeBufferPointer { users in
            table.items.withUnsafeBufferPointer { items in
                nonisolated(unsafe) let users = users
                nonisolated(unsafe) let items = items
                found.withUnsafeMutableBufferPointer { out in
                    let results = SharedPointer(base: out.baseAddress!)
                    ParallelChunks.run(ranges) { r in
                        results.base[r] = Self.scan(
                            users: users, items: items, itemCount: itemCount,
                            range: (r * userCount / ranges)..<((r + 1) * userCount / ranges))
                    }
                }
            }
        }
        repeats = found.flatMap { $0 }.sorted { $0.row < $1.row }
    }

    /// The repeats among the rows of the users in `range`.
    private static func scan(
        users: UnsafeBufferPointer<Int32>, items: UnsafeBufferPointer<Int32>, itemCount: Int, range: Range<Int>
    ) -> [Repeat] {
        let lo = range.lowerBound
        var offsets = [Int](repeating: 0, count: range.count + 1)
        for u in users where range.contains(Int(u)) { offsets[Int(u) - lo + 1] += 1 }
        for k in 0..<range.count { offsets[k + 1] += offsets[k] }
        var order = [Int32](repeating: 0, count: offsets[range.count])
        var next = offsets
        for row in 0..<users.count {
            let u = Int(users[row])
            guard range.contains(u) else { continue }
            order[next[u - lo]] = Int32(row)
            next[u - lo] += 1
        }
        var stamps = [Int32](repeating: -1, count: itemCount)
        var firstRows = [Int32](repeating: 0, count: itemCount)
        var found: [Repeat] = []
        for k in 0..<range.count {
            let user = Int32(k)
            for p in offsets[k]..<offsets[k + 1] {
                let row = order[p]
                let item = Int(items[Int(row)])
                if stamps[item] == user {
                    found.append(Repeat(row: Int(row), first: Int(firstRows[item])))
                } else {
                    stamps[item] = user
                    firstRows[item] = row
                }
            }
        }
        return found
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
