/// The recommendations for the ids of a users file, one user at a time, in file order (made by
/// ``ModelInference/recommendations(_:for:k:coldStart:)``).
///
/// A lazy sequence: iterating reads the next id from the file's bytes and computes that user's
/// list, and nothing else, so `recommend --users` prints each list as soon as it is made and
/// its memory does not grow with the file.
public struct UserRecommendations: Sequence, Sendable {
    let loaded: LoadedModel
    let list: UserList
    let k: Int

    /// Computes each list when it is asked for.
    public struct Iterator: IteratorProtocol {
        let loaded: LoadedModel
        let k: Int
        var ids: UserList.Iterator

        /// The next user's list, nil after the last id.
        public mutating func next() -> Recommendation? {
            guard let entry = ids.next() else { return nil }
            // Unknown ids were refused up front unless the cold start is `popular`.
            let row = loaded.artifact.userRow(entry.id)
            return ModelInference.recommendation(loaded, user: entry.id, row: row, k: k)
        }
    }

    /// An iterator from the first id.
    public func makeIterator() -> Iterator { Iterator(loaded: loaded, k: k, ids: list.makeIterator()) }

    /// The number of ids.
    public var underestimatedCount: Int { list.count }
}
