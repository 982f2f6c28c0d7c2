/// The items each user rated, in compressed sparse rows: user `u` rated
/// `items[offsets[u] ..< offsets[u + 1]]`, ascending and without repeats.
///
/// A registered model carries these so that recommendations exclude what a user has already
/// rated without reloading the ratings.
public struct SeenItems: Sendable, Equatable {
    /// `userCount + 1` offsets into ``items``, starting at 0 and non-decreasing.
    public let offsets: [UInt32]
    /// Item indices, ascending within each user.
    public let items: [UInt32]

    /// The CSR arrays as they are; `offsets` must start at 0, never decrease and end at
    /// `items.count`, and each user's items must be ascending and below `itemCount`.
    ///
    /// - Returns: nil when the arrays break those rules (for example a damaged file).
    public init?(offsets: [UInt32], items: [UInt32], itemCount: Int) {
        guard let first = offsets.first, first == 0, Int(offsets.last!) == items.count else { return nil }
        for u in 0..<(offsets.count - 1) {
            let lo = Int(offsets[u]), hi = Int(offsets[u + 1])
            guard lo <= hi, hi <= items.count else { return nil }
            var previous = -1
            for k in lo..<hi {
                let item = Int(items[k])
                guard item > previous, item < itemCount else { return nil }
                previous = item
            }
        }
        self.offsets = offsets
        self.items = items
    }

    /// The distinct (user, item) pairs of parallel columns of dense indices.
    ///
    /// - Complexity: O(|pairs| + N + sort within each user).
    public init(users: [Int32], items: [Int32], userCount: Int) {
        precondition(users.count == items.count)
        var counts = [Int](repeating: 0, count: userCount + 1)
        for u in users { counts[Int(u) + 1] += 1 }
        for u in 0..<userCount { counts[u + 1] += counts[u] }
        var fill = counts
        var flat = [UInt32](repeating: 0, count: users.count)
        for k in users.indices {
            let u = Int(users[k])
            flat[fill[u]] = UInt32(items[k])
            fill[u] += 1
        }
        var offsets = [UInt32](repeating: 0, count: userCount + 1)
        var unique: [UInt32] = []
        unique.reserveCapacity(flat.count)
        for u in 0..<userCount {
            let sorted = flat[counts[u]..<counts[u + 1]].sorted()
            var previous: UInt32?
            for item in sorted where item != previous {
                unique.append(item)
                previous = item
            }
            offsets[u + 1] = UInt32(unique.count)
        }
        self.offsets = offsets
        self.items = unique
    }

    /// Number of users.
    public var userCount: Int { offsets.count - 1 }

    /// The items user `u` rated, ascending.
    public func items(of u: Int) -> ArraySlice<UInt32> {
        items[Int(offsets[u])..<Int(offsets[u + 1])]
    }

    /// How many distinct users rated each item.
    public func ratingCounts(itemCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: itemCount)
        for item in items { counts[Int(item)] += 1 }
        return counts
    }
}
