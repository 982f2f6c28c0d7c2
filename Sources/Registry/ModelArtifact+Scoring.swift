public import Factorization
import Ratings

extension ModelArtifact {
    /// Items per network batch when scoring.
    static let scoringBatch = 1024

    /// The `k` items user row `u` did not rate with the highest predicted rating, best first
    /// (ties to the smaller row). A dot model scores with its factors (``MFModel/recommend(user:k:seen:)``);
    /// a network runs in evaluation mode over every unrated item, 1,024 per batch, with the
    /// user's and each item's side features and the time features of a rating made at the
    /// training data's latest timestamp.
    ///
    /// A network keeps per-batch scratch: one artifact scores on one thread at a time.
    ///
    /// - Complexity: O(M·d) (dot) or O(M · network) (embedding_nn).
    public func recommend(user u: Int, k: Int) -> [ScoredItem] {
        switch model {
        case .dot(let dot):
            return dot.recommend(user: u, k: k, seen: seen)
        case .embeddingNN(let network, let features):
            let rated = Set(seen.items(of: u).map(Int.init))
            let unrated = (0..<itemIDs.count).filter { !rated.contains($0) }
            let scores = Self.predict(network, features: features, user: u, items: unrated)
            return Self.top(k, unrated.indices.map { ScoredItem(item: unrated[$0], score: scores[$0]) })
        }
    }

    /// Cold start for a user the model does not know: for a dot model ``MFModel/popular(k:)``;
    /// for a network (which has no average user) the `k` most-rated items, scored by their
    /// number of ratings.
    public func popular(k: Int) -> [ScoredItem] {
        switch model {
        case .dot(let dot):
            return dot.popular(k: k)
        case .embeddingNN:
            return Self.top(k, itemRatingCounts.enumerated().map { ScoredItem(item: $0, score: Float($1)) })
        }
    }

    /// The `k` items whose vectors (``TrainedModel/itemVectors``) are closest by cosine to
    /// item row `i`'s, `i` excluded (``MFModel/similarItems(to:k:eligible:)``).
    public func similarItems(to i: Int, k: Int, eligible: [Bool]? = nil) -> [ScoredItem] {
        let vectors = model.itemVectors
        let probe = MFModel(
            users: Factors(rows: 0, columns: vectors.columns, rowMajor: []), items: vectors, userBias: nil,
            itemBias: nil, offset: 0, outputRange: nil)
        return probe.similarItems(to: i, k: k, eligible: eligible)
    }

    /// The network's evaluation-mode predictions for user row `u` and each of `items`, in order.
    static func predict(_ network: EmbeddingNN, features: SideFeatures?, user u: Int, items: [Int]) -> [Float] {
        let shape = network.shape
        let nCat = shape.categoricalCardinalities.count
        let nCont = shape.continuousCount
        let time = features?.ratingLevel(at: features?.latestTimestamp ?? 0)
        var out = [Float](repeating: 0, count: items.count)
        var start = 0
        while start < items.count {
            let count = min(scoringBatch, items.count - start)
            let users = [Int32](repeating: Int32(u), count: count)
            let rows = items[start..<(start + count)].map { Int32($0) }
            let ratings = [Float](repeating: 0, count: count)
            var codes: [Int32] = []
            var values: [Float] = []
            codes.reserveCapacity(count * nCat)
            values.reserveCapacity(count * nCont)
            if let features, let time {
                let userCodes = features.user.codes(of: u), userValues = features.user.values(of: u)
                for i in rows {
                    codes += userCodes
                    codes += features.item.codes(of: Int(i))
                    codes += time.codes
                    values += userValues
                    values += features.item.values(of: Int(i))
                    values += time.values
                }
            }
            precondition(codes.count == count * nCat && values.count == count * nCont, "features of another network")
            users.withUnsafeBufferPointer { users in
                rows.withUnsafeBufferPointer { rows in
                    ratings.withUnsafeBufferPointer { ratings in
                        codes.withUnsafeBufferPointer { codes in
                            values.withUnsafeBufferPointer { values in
                                out.withUnsafeMutableBufferPointer { out in
                                    let batch = EmbeddingNN.Batch(
                                        count: count, users: users.baseAddress!, items: rows.baseAddress!,
                                        ratings: ratings.baseAddress!, categorical: nCat > 0 ? codes.baseAddress : nil,
                                        continuous: nCont > 0 ? values.baseAddress : nil)
                                    network.predict(batch, into: out.baseAddress! + start)
                                }
                            }
                        }
                    }
                }
            }
            start += count
        }
        return out
    }

    /// The `k` highest-scored of `scored`, best first, ties to the smaller item.
    static func top(_ k: Int, _ scored: [ScoredItem]) -> [ScoredItem] {
        Array(
            scored.sorted { $0.score > $1.score || ($0.score == $1.score && $0.item < $1.item) }.prefix(k))
    }
}
