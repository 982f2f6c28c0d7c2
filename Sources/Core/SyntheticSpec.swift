/// The recipe for a synthetic ratings table (see ``SyntheticRatings``). In JSON the keys are
/// snake_case (`users`, `items`, `rank`, `density`, `noise`, `user_bias`, `item_bias`, `mean`,
/// `seed`, `round`); every key is optional and defaults as below, and an unknown key is an error
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

    /// A spec; each argument defaults to the documented value.
    public init(
        users: Int = 500, items: Int = 300, rank: Int = 5, density: Double = 0.1, noise: Double = 0.25,
        userBias: Double = 0.3, itemBias: Double = 0.3, mean: Double = 3.5, seed: UInt64 = 0, round: Bool = false
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
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case users, items, rank, density, noise
        case userBias = "user_bias"
        case itemBias = "item_bias"
        case mean, seed, round
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
    }

    /// Encodes every key.
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
    }

    /// Checks every field and reports all problems at once.
    ///
    /// - Throws: ``SyntheticSpecError`` listing each bad field with its JSON key.
    public func validate() throws {
        var problems: [String] = []
        let limit = Int(Int32.max)
        if users < 1 || users > limit { problems.append("users must be between 1 and \(limit), got \(users)") }
        if items < 1 || items > limit { problems.append("items must be between 1 and \(limit), got \(items)") }
        if rank < 1 { problems.append("rank must be at least 1, got \(rank)") }
        if !(density > 0 && density <= 1) {
            problems.append("density must be greater than 0 and at most 1, got \(density)")
        }
        if !(noise >= 0 && noise.isFinite) { problems.append("noise must be 0 or more, got \(noise)") }
        if !(userBias >= 0 && userBias.isFinite) { problems.append("user_bias must be 0 or more, got \(userBias)") }
        if !(itemBias >= 0 && itemBias.isFinite) { problems.append("item_bias must be 0 or more, got \(itemBias)") }
        if !mean.isFinite { problems.append("mean must be a finite number, got \(mean)") }
        if !problems.isEmpty { throw SyntheticSpecError(problems: problems) }
    }
}

/// The problems ``SyntheticSpec/validate()`` found, one per bad field.
public struct SyntheticSpecError: Error, CustomStringConvertible, Equatable, Sendable {
    /// One message per bad field, naming its JSON key and what is accepted.
    public var problems: [String]

    /// An error listing `problems`.
    public init(problems: [String]) { self.problems = problems }

    /// The problems joined with `; `.
    public var description: String { "invalid synthetic spec: " + problems.joined(separator: "; ") }
}

extension SyntheticSpecError: MFSweepError {
    /// The synthetic spec has no file of its own: the caller (a sweep file's `data.synthetic`,
    /// or `data synth`'s flags) names the place.
    public var location: ErrorLocation? { nil }
    /// A bad spec is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}
