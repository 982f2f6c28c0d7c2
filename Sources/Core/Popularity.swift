/// How a synthetic table spreads its ratings over users and items (see ``SyntheticSpec``).
///
/// Written `uniform` or `zipf:S` (in a sweep file's `synthetic.popularity` and in `data synth
/// --popularity`).
public enum Popularity: Sendable, Equatable, CustomStringConvertible {
    /// Every user×item entry is observed with the same probability: no popular items and no
    /// heavy users.
    case uniform
    /// Heavy tails like MovieLens: the item of popularity rank k (1 = most popular) is drawn
    /// with weight k^−S, and the user of activity rank k rates in proportion to k^−S (at most
    /// every item). Ranks are a seeded permutation of the ids, so id order says nothing about
    /// popularity.
    case zipf(exponent: Double)

    /// The largest Zipf exponent accepted.
    public static let exponentLimit = 4.0

    /// `uniform` or `zipf:S`, S as Swift prints a `Double` (`zipf:1.0`).
    public var description: String {
        switch self {
        case .uniform: return "uniform"
        case .zipf(let s): return "zipf:\(s)"
        }
    }

    /// Parses `uniform` or `zipf:S` with 0 < S ≤ ``exponentLimit``.
    ///
    /// - Throws: ``PopularityError`` saying what is accepted.
    public init(parsing text: String) throws(PopularityError) {
        if text == "uniform" {
            self = .uniform
            return
        }
        guard text.hasPrefix("zipf:") else {
            throw PopularityError(text: text, reason: "expected uniform or zipf:S, such as zipf:1.0")
        }
        let exponent = text.dropFirst(5)
        guard let s = Double(exponent), s.isFinite else {
            throw PopularityError(text: text, reason: "the exponent \"\(exponent)\" is not a number")
        }
        guard s > 0 && s <= Self.exponentLimit else {
            throw PopularityError(
                text: text, reason: "the exponent must be greater than 0 and at most \(Self.exponentLimit)")
        }
        self = .zipf(exponent: s)
    }
}

/// A `popularity` that is neither `uniform` nor a `zipf:S` in range.
public struct PopularityError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The text given.
    public var text: String
    /// What is wrong with it and what is accepted.
    public var reason: String

    /// `popularity "zipf:x": the exponent "x" is not a number`.
    public var description: String { "popularity \"\(text)\": \(reason)" }
}
