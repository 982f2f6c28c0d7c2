/// The recipe for a synthetic ratings table (see ``SyntheticRatings``). In JSON the keys are
/// snake_case (`users`, `items`, `rank`, `density`, `noise`, `user_bias`, `item_bias`, `mean`,
/// `seed`, `round`, `popularity`); every key is optional and defaults as below, and an unknown key is an error
/// naming it.
public struct SyntheticSpec: Codable, Sendable, Equatable {
    /// Number of users (N).
    public var users: Int
    /// Number of items (M).
    public var items: Int
    /// Rank of the hidden low-rank signal.
    public var rank: Int
    /// Probability that a user×item entry is observed, in (0, 1].
    public var density: Double
    /// Standard deviation of the Gaussian noise added to every rating.
    public var noise: Double
    /// Standard deviation of the per-user biases.
    public var userBias: Double
    /// Standard deviation of the per-item biases.
    public var itemBias: Double
    /// The global mean rating.
    public var mean: Double
    /// Seed of every random draw.
    public var seed: UInt64
    /// Round ratings to the nearest 0.5 and clamp them to [1, 5], like MovieLens stars.
    public var round: Bool
    /// How ratings spread over users and items: ``Popularity/uniform`` (the default) or
    /// ``Popularity/zipf(exponent:)`` for MovieLens-like heavy tails. `density` keeps its
    /// meaning: the expected number of ratings is users × items × density either way.
    public var popularity: Popularity

    /// A spec; each argument defaults to the documented value.
    public init(
        users: Int = 500, items: Int = 300, rank: Int = 5, density: Double = 0.1, noise: Double = 0.25,
        userBias: Double = 0.3, itemBias: Double = 0.3, mean: Double = 3.5, seed: UInt64 = 0, round: Bool = false,
        popularity: Popularity = .uniform
    ) {
        self.users = users
        self.items = items
        self.rank = rank
        self.density = density
        self.noise = noise
        self.userBias = userBias
        self.itemBias = itemBias
        self.mean = mean
        self.seed = seed
        self.round = round
        self.popularity = popularity
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case users, items, rank, density, noise
        case userBias = "user_bias"
        case itemBias = "item_bias"
        case mean, seed, round, popularity
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes a spec, using defaults for missing keys and rejecting unknown ones.
    public init(from decoder: any Decoder) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        for key in all.allKeys where CodingKeys(stringValue: key.stringValue) == nil {
            let accepted = CodingKeys.allCases.map(\.stringValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: all.codingPath + [key],
                    debugDescription: "unknown key \"\(key.stringValue)\"; accepted keys are \(accepted)"))
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SyntheticSpec()
        users = try c.decodeIfPresent(Int.self, forKey: .users) ?? d.users
        items = try c.decodeIfPresent(Int.self, forKey: .items) ?? d.items
        rank = try c.decodeIfPresent(Int.self, forKey: .rank) ?? d.rank
        density = try c.decodeIfPresent(Double.self, forKey: .density) ?? d.density
        noise = try c.decodeIfPresent(Double.self, forKey: .noise) ?? d.noise
        userBias = try c.decodeIfPresent(Double.self, forKey: .userBias) ?? d.userBias
        itemBias = try c.decodeIfPresent(Double.self, forKey: .itemBias) ?? d.itemBias
        mean = try c.decodeIfPresent(Double.self, forKey: .mean) ?? d.mean
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        round = try c.decodeIfPresent(Bool.self, forKey: .round) ?? d.round
        if let text = try c.decodeIfPresent(String.self, forKey: .popularity) {
            do {
                popularity = try Popularity(parsing: text)
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .popularity, in: c, debugDescription: error.description)
            }
        } else {
            popularity = d.popularity
        }
    }

    /// Encodes every key but `popularity` when it is `uniform` (so specs written before it
    /// existed encode the same).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(users, forKey: .users)
        try c.encode(items, forKey: .items)
        try c.encode(rank, forKey: .rank)
        try c.encode(density, forKey: .density)
        try c.encode(noise, forKey: .noise)
        try c.encode(userBias, forKey: .userBias)
        try c.encode(itemBias, forKey: .itemBias)
        try c.encode(mean, forKey: .mean)
        try c.encode(seed, forKey: .seed)
        try c.encode(round, forKey: .round)
        if popularity != .uniform { try c.encode(popularity.description, forKey: .popularity) }
    }

    /// The largest `|mean|`, `noise`, `user_bias` and `item_bias` accepted. A rating is
    /// mean + b_u + c_i + √rank·⟨P_u, Q_i⟩ + ε, where the seeded normal draws stay within ±12.01
    /// (the polar method's smallest s is 2⁻¹⁰⁴) and |√rank·⟨P_u, Q_i⟩| ≤ 144.3·√rank, so with
    /// these limits every rating is below 4·10¹⁶ in size: a finite 32-bit float whose square
    /// is finite too.
    public static let magnitudeLimit = 1e15
    /// The largest `rank` accepted.
    public static let rankLimit = 1000
    /// The most ratings `users × items × density` may ask for.
    public static let ratingsLimit = 1e9

    /// Checks every field and reports all problems at once, so that ``SyntheticRatings`` never
    /// makes a rating that is not a finite number, nor more ratings than a machine can hold.
    ///
    /// - Throws: ``SyntheticSpecError`` listing each bad field with its JSON key.
    public func validate() throws {
        var problems: [String] = []
        let limit = Int(Int32.max)
        if users < 1 || users > limit { problems.append("users must be between 1 and \(limit), got \(users)") }
        if items < 1 || items > limit { problems.append("items must be between 1 and \(limit), got \(items)") }
        if rank < 1 || rank > Self.rankLimit {
            problems.append("rank must be between 1 and \(Self.rankLimit), got \(rank)")
        }
        if !(density > 0 && density <= 1) {
            problems.append("density must be greater than 0 and at most 1, got \(density)")
        } else if Double(users) * Double(items) * density > Self.ratingsLimit {
            problems.append(
                "density \(density) of \(users) users × \(items) items asks for "
                    + "\(Self.wholeNumber(Double(users) * Double(items) * density)) ratings; "
                    + "at most \(Self.wholeNumber(Self.ratingsLimit))"
            )
        }
        let bound = "(so every rating is a finite 32-bit float)"
        for (key, value) in [("noise", noise), ("user_bias", userBias), ("item_bias", itemBias)]
        where !(value >= 0 && value <= Self.magnitudeLimit) {
            problems.append("\(key) must be between 0 and 1e15 \(bound), got \(value)")
        }
        if !(abs(mean) <= Self.magnitudeLimit) {
            problems.append("mean must be between -1e15 and 1e15 \(bound), got \(mean)")
        }
        if !problems.isEmpty { throw SyntheticSpecError(problems: problems) }
    }
}

/// The problems ``SyntheticSpec/validate()`` found, one per bad field.
public struct SyntheticSpecError: Error, CustomStringConvertible, Equatable, Sendable {
    /// One message per bad field, starting with its JSON key (or, after ``namingOptions()``,
    /// its command-line option) and saying what is accepted.
    public var problems: [String]
    /// The option of the first problem, once ``namingOptions()`` named them.
    public private(set) var option: String?

    /// An error listing `problems`.
    public init(problems: [String]) { self.problems = problems }

    /// The same problems naming `data synth`'s options (`--user-bias`) instead of JSON keys
    /// (`user_bias`).
    public func namingOptions() -> SyntheticSpecError {
        var named = self
        named.problems = problems.map { problem in
            let key = problem.prefix { $0 != " " }
            return "--" + key.replacingUnderscores() + problem.dropFirst(key.count)
        }
        named.option = named.problems.first.map { String($0.prefix { $0 != " " }) }
        return named
    }

    /// The problems joined with `; `, after `invalid synthetic spec: ` unless they name options.
    public var description: String {
        (option == nil ? "invalid synthetic spec: " : "") + problems.joined(separator: "; ")
    }
}

extension Substring {
    /// The text with `_` as `-`.
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}

extension SyntheticSpecError: MFSweepError {
    /// The option, for `data synth`; otherwise nil, as the spec has no file of its own and the
    /// caller (a sweep file's `data.synthetic`) names the place.
    public var location: ErrorLocation? { option.map { .option($0) } }
    /// A bad spec is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}

extension SyntheticSpec {
    /// `30000000000` for 3e10: a count as digits while it fits an `Int`, else as the `Double` prints.
    fileprivate static func wholeNumber(_ x: Double) -> String {
        let rounded = x.rounded()
        return abs(rounded) < 9e18 ? "\(Int(rounded))" : "\(x)"
    }
}
