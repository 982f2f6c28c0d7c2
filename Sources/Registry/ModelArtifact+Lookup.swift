import Ratings

extension ModelArtifact {
    /// How an item given by a person (a raw id or a title) matched the model's items.
    public enum ItemMatch: Sendable, Equatable {
        /// One item row.
        case found(Int)
        /// Several items match the text as part of their titles (rows, at most 10).
        case ambiguous([Int])
        /// Nothing matches.
        case none
    }

    /// The model's row for raw user id `raw`, or nil for a user it was not trained on.
    public func userRow(_ raw: String) -> Int? { userIDs.index(of: raw).map(Int.init) }

    /// The item that `text` names, tried in order: a raw item id, an exact title, a title that
    /// differs only in case, and a unique title containing `text` (case-insensitive).
    public func findItem(_ text: String) -> ItemMatch {
        if let row = itemIDs.index(of: text) { return .found(Int(row)) }
        if let row = titles.firstIndex(of: text) { return .found(row) }
        let lowered = text.lowercased()
        let folded = titles.map { $0.lowercased() }
        if let row = folded.firstIndex(of: lowered) { return .found(row) }
        let containing = folded.indices.filter { !lowered.isEmpty && folded[$0].contains(lowered) }
        switch containing.count {
        case 0: return .none
        case 1: return .found(containing[0])
        default: return .ambiguous(Array(containing.prefix(10)))
        }
    }
}
