/// How to read a delimited ratings file: the delimiter, whether the first non-blank line is a
/// header, and which columns hold the user, item, rating and (optionally) timestamp.
///
/// Columns can be chosen by header name only when `hasHeader` is true; numbered columns work
/// either way. Fields may be wrapped in double quotes (`""` inside is a literal quote), and
/// spaces around fields are ignored.
public struct DelimitedOptions: Sendable, Hashable {
    /// The field separator; may be several characters, like `"::"`. Must not be empty.
    public var delimiter: String
    /// Whether the first non-blank line names the columns.
    public var hasHeader: Bool
    /// The column holding raw user ids.
    public var user: ColumnRef
    /// The column holding raw item ids.
    public var item: ColumnRef
    /// The column holding rating values.
    public var rating: ColumnRef
    /// The column holding integer timestamps; nil when the file has none (timestamps become 0).
    public var timestamp: ColumnRef?

    /// Options for a delimited file; by default comma-separated with a header and MovieLens
    /// column names.
    public init(
        delimiter: String = ",", hasHeader: Bool = true,
        user: ColumnRef = .name("userId"), item: ColumnRef = .name("movieId"),
        rating: ColumnRef = .name("rating"), timestamp: ColumnRef? = .name("timestamp")
    ) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.user = user
        self.item = item
        self.rating = rating
        self.timestamp = timestamp
    }

    /// Headerless `user item rating [timestamp]` columns 1–4 separated by `delimiter`.
    public static func numbered(delimiter: String, withTimestamp: Bool = true) -> DelimitedOptions {
        DelimitedOptions(
            delimiter: delimiter, hasHeader: false, user: .number(1), item: .number(2),
            rating: .number(3), timestamp: withTimestamp ? .number(4) : nil)
    }
}
