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
    /// differs only in case, and a unique title containing `text` (case-insensitive). A title that
    /// several items share (MovieLens 100K has 18 such pairs) is ambiguous, not the first of them;
    /// empty text and the empty titles of items without one match nothing.
    public func findItem(_ text: String) -> ItemMatch {
        if let row = itemIDs.index(of: text) { return .found(Int(row)) }
        guard !text.isEmpty else { return .none }
        func match(_ rows: [Int]) -> ItemMatch? {
            switch rows.count {
            case 0: nil
            case 1: .found(rows[0])
            default: .ambiguous(Array(rows.prefix(10)))
            }
        }
        if let exact = match(titles.indices.filter { titles[$0] == text }) { return exact }
        let lowered = text.lowercased()
        let folded = titles.map { $0.lowercased() }
        if let caseless = match(folded.indices.filter { folded[$0] == lowered }) { return caseless }
        return match(folded.indices.filter { !folded[$0].isEmpty && folded[$0].contains(lowered) }) ?? .none
    }
}
