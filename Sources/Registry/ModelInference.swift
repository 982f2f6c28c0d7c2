public import Factorization
import Foundation
import Ratings
import Reports

/// One ranked item in the output of `recommend`, `similar` and `models explain`.
public struct RankedItem: Codable, Sendable, Equatable {
    /// 1-based rank.
    public var rank: Int
    /// The raw item id.
    public var item: String
    /// The title, when the model has one.
    public var title: String?
    /// The value the list is ranked by (predicted rating, cosine similarity, bias or coordinate).
    public var score: Double

    /// An item at `rank`.
    public init(rank: Int, item: String, title: String?, score: Double) {
        self.rank = rank
        self.item = item
        self.title = title
        self.score = score
    }
}

/// `mfsweep recommend` for one user.
public struct Recommendation: Codable, Sendable, Equatable {
    /// The model's label.
    public var model: String
    /// The raw user id.
    public var user: String
    /// Whether the model knows the user; false means the list is a cold-start list.
    public var known: Bool
    /// How the list was made: `personal`, `cold-start: highest item bias`,
    /// `cold-start: highest score for the average user` (dot without biases) or
    /// `cold-start: most-rated items` (embedding_nn).
    public var basis: String
    /// Items the user rated in the training data (excluded), nil for an unknown user.
    public var rated: Int?
    /// The items, best first.
    public var items: [RankedItem]
    /// When some shown prediction lay outside the training ratings' range: that range, to
    /// which the shown scores were clipped (the ranking is the model's, unclipped).
    public var clippedTo: [Double]?

    enum CodingKeys: String, CodingKey {
        case model, user, known, basis, rated, items
        case clippedTo = "clipped_to"
    }
}

/// What `--cold-start` does for a user the model was not trained on.
public enum ColdStart: String, Sendable, CaseIterable {
    /// Refuse with an error (the default).
    case none
    /// Recommend the items with the highest learned bias (or, without biases, the highest score
    /// for the average user).
    case popular
}

/// Recommendations, neighbours and explanations from a loaded model, and their text form.
public enum ModelInference {
    /// The top `k` unrated items for raw user `user`.
    ///
    /// - Throws: ``RegistryError`` when the model does not know the user and `coldStart` is `none`.
    public static func recommend(_ loaded: LoadedModel, user: String, k: Int, coldStart: ColdStart) throws
        -> Recommendation
    {
        let row = loaded.artifact.userRow(user)
        guard row != nil || coldStart == .popular else {
            throw RegistryError.unknownUser(user: user, model: loaded.label, users: loaded.artifact.userIDs.count)
        }
        return recommendation(loaded, user: user, row: row, k: k)
    }

    /// The recommendations for every id of `list`, in file order, as a lazy sequence: each
    /// user's list is computed when it is asked for, so a caller writes it before the next is
    /// computed and holds one list at a time, however long the file.
    ///
    /// Unknown users are checked first, in a pass that only looks the ids up: with `coldStart`
    /// `none`, a list that names one throws before any recommendation is made.
    ///
    /// - Throws: ``RegistryError`` naming the first unknown user's `FILE:LINE` (see
    ///   ``UserList/checkKnown(by:)``).
    public static func recommendations(
        _ loaded: LoadedModel, for list: UserList, k: Int, coldStart: ColdStart
    ) throws -> UserRecommendations {
        if coldStart == .none { try list.checkKnown(by: loaded) }
        return UserRecommendations(loaded: loaded, list: list, k: k)
    }

    /// The top `k` unrated items for `user`, at `row` of the model, or (nil) its cold-start list.
    static func recommendation(_ loaded: LoadedModel, user: String, row: Int?, k: Int) -> Recommendation {
        let artifact = loaded.artifact
        guard let row else {
            let basis =
                switch artifact.model {
                case .dot(let dot) where dot.hasBiases: "cold-start: highest item bias"
                case .dot: "cold-start: highest score for the average user"
                case .embeddingNN: "cold-start: most-rated items"
                }
            return Recommendation(
                model: loaded.label, user: user, known: false, basis: basis, rated: nil,
                items: ranked(artifact, artifact.popular(k: k)))
        }
        var items = ranked(artifact, artifact.recommend(user: row, k: k))
        var clipped = false
        if let range = loaded.shownRange {
            for i in items.indices where !range.contains(items[i].score) {
                items[i].score = min(max(items[i].score, range.lowerBound), range.upperBound)
                clipped = true
            }
        }
        return Recommendation(
            model: loaded.label, user: user, known: true, basis: "personal", rated: artifact.seen.items(of: row).count,
            items: items, clippedTo: clipped ? loaded.shownRange.map { [$0.lowerBound, $0.upperBound] } : nil)
    }

    /// The items of `scored`, ranked, with raw ids and titles.
    public static func ranked(_ artifact: ModelArtifact, _ scored: [ScoredItem]) -> [RankedItem] {
        scored.enumerated().map { k, s in
            RankedItem(
                rank: k + 1, item: artifact.itemIDs.rawIDs[s.item], title: artifact.title(of: s.item),
                score: Double(s.score))
        }
    }

    /// The text form of a recommendation: a header line and one line per item.
    public static func render(_ r: Recommendation) -> String {
        var header = "\(r.model): user \(r.user)"
        if let rated = r.rated {
            header += " (rated \(rated) items): top \(r.items.count) unrated items by predicted rating"
            if let c = r.clippedTo, c.count == 2 {
                header +=
                    " (shown clipped to \(NumberFormat.significant(c[0]))–\(NumberFormat.significant(c[1])), the training ratings' range)"
            }
        } else {
            header += " is not in the model; \(r.basis) (top \(r.items.count))"
        }
        return ([header] + r.items.map { line($0, width: 5) }).joined(separator: "\n")
    }

    /// `  1  4.61  Title  [item 50]`.
    public static func line(_ item: RankedItem, width: Int, decimals: Int = 2) -> String {
        let rank = String(repeating: " ", count: max(0, 3 - String(item.rank).count)) + "\(item.rank)"
        let score = DecimalText.fixed(item.score, decimals: decimals)
        let padded = String(repeating: " ", count: max(0, width + decimals - score.count)) + score
        return "\(rank)  \(padded)  \(item.title ?? "item \(item.item)")"
            + (item.title != nil ? "  [item \(item.item)]" : "")
    }
}

/// Fixed-point text without Foundation's locale.
enum DecimalText {
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        return String(format: "%.\(decimals)f", x)
    }
}

extension ModelInference {
    /// The row of the item `text` names in `loaded`: a raw id, an exact title, or part of
    /// exactly one title.
    ///
    /// - Throws: ``RegistryError/unknownItem(item:model:)`` or
    ///   ``RegistryError/ambiguousItem(item:model:count:matches:)``.
    public static func itemRow(_ loaded: LoadedModel, item text: String) throws -> Int {
        let artifact = loaded.artifact
        switch artifact.findItem(text) {
        case .found(let row):
            return row
        case .none:
            throw RegistryError.unknownItem(item: text, model: loaded.label)
        case .ambiguous(let rows):
            throw RegistryError.ambiguousItem(
                item: text, model: loaded.label, count: rows.count,
                matches: rows.prefix(5).map { "\(artifact.label(of: $0)) [item \(artifact.itemIDs.rawIDs[$0])]" })
        }
    }
}
