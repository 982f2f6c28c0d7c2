/// The side features a run asks for (fastai's EmbeddingNN consumes them): their names, and
/// the delimited files that hold user or item columns.
///
/// Names are ``SideFeatureName``s: `user.age`, `item.genres`, `time.hour`, or a column of
/// ``userFile`` / ``itemFile`` (`user.country`, `item.price:categorical`). Without a user file,
/// `user.` names are MovieLens's (`u.user` or `users.dat` beside the ratings); without an item
/// file, `item.` names are MovieLens's (`u.item`, `movies.dat` or `movies.csv`).
public struct SideFeatureRequest: Sendable, Hashable {
    /// The feature names, in the order given.
    public var names: [String]
    /// A delimited file of user columns, keyed by raw user id; nil for MovieLens's user file.
    public var userFile: SideFeatureFile?
    /// A delimited file of item columns, keyed by raw item id; nil for MovieLens's item file.
    public var itemFile: SideFeatureFile?

    /// A request for `names`, reading user and item columns from the given files.
    public init(names: [String], userFile: SideFeatureFile? = nil, itemFile: SideFeatureFile? = nil) {
        self.names = names
        self.userFile = userFile
        self.itemFile = itemFile
    }

    /// Whether no feature is asked for.
    public var isEmpty: Bool { names.isEmpty }

    /// Every problem with the names as written, with the index of the name at fault: a name
    /// that does not parse (``SideFeatureName/problem(_:hasUserFile:hasItemFile:)``) or that
    /// repeats an earlier one.
    public var problems: [(index: Int, message: String)] {
        var out: [(Int, String)] = []
        var seen: Set<String> = []
        for (i, name) in names.enumerated() {
            if let problem = SideFeatureName.problem(
                name, hasUserFile: userFile != nil, hasItemFile: itemFile != nil)
            {
                out.append((i, problem))
            } else if let parsed = SideFeatureName(name), !seen.insert(parsed.feature).inserted {
                out.append((i, "feature '\(parsed.feature)' is listed twice"))
            }
        }
        return out
    }
}

/// A delimited file of side features: a header row, one row per user (or item), the id in the
/// ``key`` column.
public struct SideFeatureFile: Sendable, Hashable {
    /// The file's path (a sweep file's relative path is resolved against the sweep file's folder).
    public var path: String
    /// The column holding raw ids: a header name, or a 1-based number (default: the first column).
    public var key: ColumnRef
    /// The field delimiter; nil detects it from the header line (`::`, tab, `|`, `;`, else `,`).
    public var delimiter: String?

    /// A file at `path` keyed by `key`.
    public init(path: String, key: ColumnRef = .number(1), delimiter: String? = nil) {
        self.path = path
        self.key = key
        self.delimiter = delimiter
    }
}
