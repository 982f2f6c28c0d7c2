/// The observed entries Ω of one training or test set, indexed both by user (CSR) and by item
/// (CSC), so that gradients for U and for V are each gathered without write conflicts and in
/// an order that does not depend on the number of threads.
///
/// Ratings are ordered by user, then by their original row order.
public struct ObservedRatings: Sendable {
    /// Number of users N (rows of U), including users with no rating here.
    public let userCount: Int
    /// Number of items M (rows of V), including items with no rating here.
    public let itemCount: Int
    /// `userStart[u] ..< userStart[u+1]` are user u's ratings.
    let userStart: [Int]
    /// Item of each rating (user order).
    let items: [Int32]
    /// Value of each rating (user order).
    let values: [Float]
    /// `itemStart[i] ..< itemStart[i+1]` index `byItemPosition` / `byItemUser` for item i.
    let itemStart: [Int]
    /// For each rating in item order, its position in user order.
    let byItemPosition: [Int32]
    /// For each rating in item order, its user.
    let byItemUser: [Int32]

    /// Number of ratings |Ω|.
    public var count: Int { values.count }

    /// Mean rating (0 when empty).
    public var mean: Double {
        values.isEmpty ? 0 : values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
    }

    /// Ω from parallel columns of dense indices. Complexity: O(|Ω| + N + M).
    public init(
        users: [Int32], items: [Int32], ratings: [Float], userCount: Int, itemCount: Int
    ) {
        precondition(users.count == items.count && items.count == ratings.count)
        self.userCount = userCount
        self.itemCount = itemCount
        let n = ratings.count
        var start = [Int](repeating: 0, count: userCount + 1)
        for u in users {
            precondition(Int(u) >= 0 && Int(u) < userCount, "user index out of range")
            start[Int(u) + 1] += 1
        }
        for u in 0..<userCount { start[u + 1] += start[u] }
        var fill = start
        var sortedItems = [Int32](repeating: 0, count: n)
        var sortedValues = [Float](repeating: 0, count: n)
        for k in 0..<n {
            let u = Int(users[k])
            sortedItems[fill[u]] = items[k]
            sortedValues[fill[u]] = ratings[k]
            fill[u] += 1
        }
        var iStart = [Int](repeating: 0, count: itemCount + 1)
        for i in items {
            precondition(Int(i) >= 0 && Int(i) < itemCount, "item index out of range")
            iStart[Int(i) + 1] += 1
        }
        for i in 0..<itemCount { iStart[i + 1] += iStart[i] }
        var iFill = iStart
        var position = [Int32](repeating: 0, count: n)
        var byUser = [Int32](repeating: 0, count: n)
        for u in 0..<userCount {
            for k in start[u]..<start[u + 1] {
                let i = Int(sortedItems[k])
                position[iFill[i]] = Int32(k)
                byUser[iFill[i]] = Int32(u)
                iFill[i] += 1
            }
        }
        self.userStart = start
        self.items = sortedItems
        self.values = sortedValues
        self.itemStart = iStart
        self.byItemPosition = position
        self.byItemUser = byUser
    }

    /// Splits `0..<rowCount` into at most `maxBlocks` contiguous ranges of roughly equal weight,
    /// where `start` gives cumulative rating counts and each row also weighs `rowWeight`.
    static func blocks(start: [Int], maxBlocks: Int, rowWeight: Int) -> [Range<Int>] {
        let rowCount = start.count - 1
        guard rowCount > 0 else { return [] }
        let total = start[rowCount] + rowWeight * rowCount
        let target = max(1, (total + maxBlocks - 1) / maxBlocks)
        var out: [Range<Int>] = []
        var lo = 0
        var weight = 0
        for r in 0..<rowCount {
            weight += start[r + 1] - start[r] + rowWeight
            if weight >= target || r == rowCount - 1 {
                out.append(lo..<(r + 1))
                lo = r + 1
                weight = 0
            }
        }
        return out
    }
}
