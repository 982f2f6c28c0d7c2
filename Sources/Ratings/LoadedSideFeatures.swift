/// Side features after loading: the encoded features plus what was learned on the way.
public struct LoadedSideFeatures: Sendable, Equatable {
    /// The encoded features.
    public var features: SideFeatures
    /// The file the user features came from; nil without user features.
    public var userSource: String?
    /// The file the item features came from; nil without item features.
    public var itemSource: String?
    /// Users of the ratings that the user file does not list (their features are missing:
    /// code 0, the mean).
    public var missingUsers: Int
    /// Items of the ratings that the item file does not list.
    public var missingItems: Int

    /// A loaded set of features.
    public init(
        features: SideFeatures, userSource: String? = nil, itemSource: String? = nil, missingUsers: Int = 0,
        missingItems: Int = 0
    ) {
        self.features = features
        self.userSource = userSource
        self.itemSource = itemSource
        self.missingUsers = missingUsers
        self.missingItems = missingItems
    }

    /// One line for a run's summary:
    /// `side features: user 3 (u.user, 2 of 943 users missing), item 19 (u.item), rating 1`.
    public var summary: String {
        var parts: [String] = []
        func part(_ level: SideFeatures.Level, _ source: String?, missing: Int, of count: Int, noun: String) {
            let block = features[level]
            guard !block.isEmpty else { return }
            var text = "\(level.rawValue) \(block.categoricalCount + block.continuousCount)"
            if let source {
                let file = source.split(separator: "/").last.map(String.init) ?? source
                text += missing > 0 ? " (\(file), \(missing) of \(count) \(noun) missing)" : " (\(file))"
            }
            parts.append(text)
        }
        part(.user, userSource, missing: missingUsers, of: features.user.count, noun: "users")
        part(.item, itemSource, missing: missingItems, of: features.item.count, noun: "items")
        part(.rating, nil, missing: 0, of: 0, noun: "")
        return "side features: " + (parts.isEmpty ? "none" : parts.joined(separator: ", "))
    }
}
