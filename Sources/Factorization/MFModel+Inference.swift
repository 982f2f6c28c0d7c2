extension MFModel {
    /// The predicted rating of every item for user `u`, by item index.
    ///
    /// - Complexity: O(M·d).
    public func predictions(user u: Int) -> [Float] {
        precondition(u >= 0 && u < users.storage.rows, "user index out of range")
        return (0..<items.storage.rows).map { uncheckedPredict(user: u, item: $0) }
    }

    /// The `k` items with the highest predicted rating for user `u` among those `seen` does not
    /// list for `u` (fastbook ch. 8; the book's ch. 10 "recommend for a user"). Ties go to the
    /// smaller item index. Scores are predicted ratings (after the output range, if any), which
    /// rank items exactly as the raw scores do.
    ///
    /// - Complexity: O(M·d + |seen(u)|).
    public func recommend(user u: Int, k: Int, seen: SeenItems) -> [ScoredItem] {
        precondition(u >= 0 && u < users.storage.rows, "user index out of range")
        precondition(seen.userCount == users.storage.rows, "seen items of another model")
        var top = TopK(k)
        let rated = seen.items(of: u)
        var next = rated.startIndex
        let userRow = users.storage.row(u)
        let ub = userBiasBuffer?[u] ?? 0
        for i in 0..<items.storage.rows {
            // `rated` is ascending: walk it alongside the items.
            if next < rated.endIndex && Int(rated[next]) == i {
                next += 1
                continue
            }
            var s = Kernels.dot(userRow, items.storage.row(i), users.storage.vectorsPerRow) + offset
            if let ib = itemBiasBuffer { s += ub + ib[i] }
            top.offer(i, s)
        }
        return top.items.map { ScoredItem(item: $0.item, score: output($0.score)) }
    }

    /// Cold start for a user the model does not know: the `k` items with the highest learned
    /// item bias (fastai's reading of the bias as "liked whoever watches it"). Without biases,
    /// the `k` items with the highest score for the average user vector (mean of U), which is
    /// the same idea for a bias-free model. Scores are that bias, or that predicted rating.
    ///
    /// - Complexity: O(M·d + N·d).
    public func popular(k: Int) -> [ScoredItem] {
        var top = TopK(k)
        if let ib = itemBiasBuffer {
            for i in 0..<items.storage.rows { top.offer(i, ib[i]) }
            return top.items
        }
        let mean = FactorMatrix(rows: 1, columns: embDim)
        for r in 0..<users.storage.rows {
            for c in 0..<embDim { mean[0, c] += users.storage[r, c] }
        }
        let scale = users.storage.rows > 0 ? 1 / Float(users.storage.rows) : 0
        for c in 0..<embDim { mean[0, c] *= scale }
        for i in 0..<items.storage.rows {
            top.offer(i, Kernels.dot(mean.row(0), items.storage.row(i), users.storage.vectorsPerRow) + offset)
        }
        return top.items.map { ScoredItem(item: $0.item, score: output($0.score)) }
    }

    /// The `k` items whose factor vectors have the highest cosine similarity with item `i`'s
    /// (fastbook ch. 8, "embedding distance"), item `i` itself excluded. Items with a zero
    /// vector have no direction and are skipped; ties go to the smaller index.
    ///
    /// - Parameter eligible: When given (one flag per item), only flagged items are candidates.
    /// - Complexity: O(M·d).
    public func similarItems(to i: Int, k: Int, eligible: [Bool]? = nil) -> [ScoredItem] {
        precondition(eligible == nil || eligible!.count == items.storage.rows, "one flag per item")
        precondition(i >= 0 && i < items.storage.rows, "item index out of range")
        let query = items.storage.row(i)
        let queryNorm = Kernels.dot(query, query, items.storage.vectorsPerRow).squareRoot()
        var top = TopK(k)
        guard queryNorm > 0 else { return [] }
        for j in 0..<items.storage.rows where j != i && eligible?[j] != false {
            let row = items.storage.row(j)
            let norm = Kernels.dot(row, row, items.storage.vectorsPerRow).squareRoot()
            guard norm > 0 else { continue }
            top.offer(j, Kernels.dot(query, row, items.storage.vectorsPerRow) / (queryNorm * norm))
        }
        return top.items
    }

    /// The `k` items with the highest (or, with `highest: false`, lowest) learned bias among
    /// `candidates` (all items when nil), best first. Empty for a model without biases.
    public func itemsByBias(k: Int, highest: Bool, among candidates: [Int]? = nil) -> [ScoredItem] {
        guard let ib = itemBiasBuffer else { return [] }
        var top = TopK(k)
        let sign: Float = highest ? 1 : -1
        for i in candidates ?? Array(0..<items.storage.rows) { top.offer(i, sign * ib[i]) }
        return top.items.map { ScoredItem(item: $0.item, score: sign * $0.score) }
    }

    /// A raw score as a predicted rating (through the output range's sigmoid, if any).
    @inline(__always)
    func output(_ s: Float) -> Float {
        guard let r = outputRange else { return s }
        return r.lowerBound + (r.upperBound - r.lowerBound) * sigmoid(s)
    }
}
