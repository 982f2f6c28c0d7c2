/// An item with the value it was ranked by: a score, a cosine similarity, a bias or a
/// projection.
public struct ScoredItem: Sendable, Equatable {
    /// The item's dense index.
    public var item: Int
    /// The value it was ranked by.
    public var score: Float

    /// An item and its value.
    public init(item: Int, score: Float) {
        self.item = item
        self.score = score
    }
}

/// Keeps the `k` best of a stream of scored items in O(n·log k)-ish time (insertion into a
/// sorted buffer of k; in practice O(n) since most items are rejected by one comparison).
///
/// "Best" is the larger score, and on equal scores the smaller index, so rankings are
/// deterministic. NaN scores are never kept.
struct TopK {
    let k: Int
    private(set) var items: [ScoredItem] = []

    init(_ k: Int) {
        precondition(k >= 0)
        self.k = k
        items.reserveCapacity(k + 1)
    }

    @inline(__always)
    static func better(_ a: ScoredItem, _ b: ScoredItem) -> Bool {
        a.score > b.score || (a.score == b.score && a.item < b.item)
    }

    /// Offers one item.
    @inline(__always)
    mutating func offer(_ item: Int, _ score: Float) {
        guard k > 0, !score.isNaN else { return }
        let candidate = ScoredItem(item: item, score: score)
        if items.count == k {
            guard Self.better(candidate, items[k - 1]) else { return }
            items.removeLast()
        }
        var position = items.count
        while position > 0 && Self.better(candidate, items[position - 1]) { position -= 1 }
        items.insert(candidate, at: position)
    }
}
