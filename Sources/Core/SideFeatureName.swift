/// One side feature's name: `LEVEL.COLUMN`, optionally with a forced type
/// (`user.COLUMN:categorical`, `item.COLUMN:continuous`).
///
/// - `user.age` (continuous), `user.gender`, `user.occupation`, `user.zip` (categorical; the zip
///   code's first character): MovieLens's user file.
/// - `item.genres` (one 0/1 continuous column per genre, named `item.genres=Comedy`) and
///   `item.year` (continuous, the release year): MovieLens's item file.
/// - `time.year` (continuous), `time.month`, `time.weekday`, `time.hour` (categorical): the
///   rating's timestamp, in UTC.
/// - With a user (item) features file, `user.COLUMN` (`item.COLUMN`) is any column of it.
public struct SideFeatureName: Sendable, Hashable, CustomStringConvertible {
    /// What a feature describes.
    public enum Level: String, Sendable, Hashable, CaseIterable {
        /// The user of a rating.
        case user
        /// The item of a rating.
        case item
        /// The rating's time.
        case time
    }

    /// How a feature's values enter the model.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Values are labels, each embedded (code 0 is unknown or missing).
        case categorical
        /// Values are numbers, normalised to mean 0 and standard deviation 1.
        case continuous
    }

    /// The MovieLens user features.
    public static let movieLensUser = ["age", "gender", "occupation", "zip"]
    /// The MovieLens item features.
    public static let movieLensItem = ["genres", "year"]
    /// The time features.
    public static let time = ["year", "month", "weekday", "hour"]

    /// The level (the part before the first `.`).
    public var level: Level
    /// The column (between the `.` and an optional `:TYPE`).
    public var column: String
    /// The type forced with `:categorical` or `:continuous`; nil to infer it.
    public var kind: Kind?

    /// Parses `LEVEL.COLUMN[:TYPE]`; nil when it does not have that shape (see
    /// ``problem(_:hasUserFile:hasItemFile:)`` for why).
    public init?(_ text: String) {
        guard let dot = text.firstIndex(of: "."), let level = Level(rawValue: String(text[..<dot])) else {
            return nil
        }
        var column = String(text[text.index(after: dot)...])
        var kind: Kind?
        if let colon = column.lastIndex(of: ":") {
            guard let k = Kind(rawValue: String(column[column.index(after: colon)...])) else { return nil }
            kind = k
            column = String(column[..<colon])
        }
        guard !column.isEmpty else { return nil }
        self.level = level
        self.column = column
        self.kind = kind
    }

    /// `LEVEL.COLUMN`, without the forced type: the feature's name in ``SideFeatureRequest``'s
    /// duplicate check and in the encoded features.
    public var feature: String { "\(level.rawValue).\(column)" }

    /// `LEVEL.COLUMN[:TYPE]`, as written.
    public var description: String { feature + (kind.map { ":\($0.rawValue)" } ?? "") }

    /// What is wrong with `text` as a feature name, or nil when it is fine. A `user.` (`item.`)
    /// name is any column when there is a user (item) features file, else a MovieLens name,
    /// whose type is fixed.
    public static func problem(_ text: String, hasUserFile: Bool, hasItemFile: Bool) -> String? {
        let levels = Level.allCases.map { "\($0.rawValue)." }.joined(separator: ", ")
        guard let dot = text.firstIndex(of: "."), Level(rawValue: String(text[..<dot])) != nil else {
            return "unknown feature '\(text)': a feature name starts with \(levels)"
        }
        guard let name = SideFeatureName(text) else {
            if let colon = text.lastIndex(of: ":"),
                Kind(rawValue: String(text[text.index(after: colon)...])) == nil
            {
                let accepted = Kind.allCases.map { ":\($0.rawValue)" }.joined(separator: ", ")
                return "unknown type '\(text[colon...])' in feature '\(text)'; accepted: \(accepted)"
            }
            return "feature '\(text)' names no column after '\(text[...dot])'"
        }
        let fixed: [String]
        let file: String
        switch name.level {
        case .time:
            fixed = time
            file = ""
        case .user:
            if hasUserFile { return nil }
            fixed = movieLensUser
            file = "user_features"
        case .item:
            if hasItemFile { return nil }
            fixed = movieLensItem
            file = "item_features"
        }
        guard fixed.contains(name.column) else {
            let known = fixed.map { "\(name.level.rawValue).\($0)" }.joined(separator: ", ")
            let hint = file.isEmpty ? "" : " (or give \(file), --\(file.replacingUnderscores), to name its columns)"
            return "unknown feature '\(text)'; known: \(known)\(hint)"
        }
        if name.kind != nil {
            return "feature '\(name.feature)' has a fixed type; ':\(name.kind!.rawValue)' applies to columns of "
                + (file.isEmpty ? "user_features and item_features" : file)
        }
        return nil
    }
}

extension String {
    /// `user_features` → `user-features`: a sweep-file key as a command-line option.
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
