/// How to read a delimited ratings file: the delimiter, whether the first non-blank line is a
/// header, and which columns hold the user, item, rating and (optionally) timestamp.
///
/// Columns can be chosen by header name only when `hasHeader` is true; numbered columns work
/// either way. Fields may be wrapped in double quotes (`""` inside is a literal quote), and
/// spaces around fields are ignored.
///
/// Every row has the same number of fields: ``fieldCount`` when it is given; else the header's
/// count; else, without a header, the count of the first row that has every chosen column
/// (rows before it with fewer fields are bad rows).
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
    /// The number of fields every row must have, as in the MovieLens formats (exactly 4); nil to
    /// take it from the header, or from the first row without one.
    public var fieldCount: Int?

    /// Options for a delimited file; by default comma-separated with a header and MovieLens
    /// column names.
    public init(
        delimiter: String = ",", hasHeader: Bool = true,
        user: ColumnRef = .name("userId"), item: ColumnRef = .name("movieId"),
        rating: ColumnRef = .name("rating"), timestamp: ColumnRef? = .name("timestamp"), fieldCount: Int? = nil
    ) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.user = user
        self.item = item
        self.rating = rating
        self.timestamp = timestamp
        self.fieldCount = fieldCount
    }

    /// Headerless `user item rating [timestamp]` columns 1–4 separated by `delimiter`; rows have
    /// `fieldCount` fields, or as many as the first row when it is nil.
    public static func numbered(
        delimiter: String, withTimestamp: Bool = true, fieldCount: Int? = nil
    ) -> DelimitedOptions {
        DelimitedOptions(
            delimiter: delimiter, hasHeader: false, user: .number(1), item: .number(2),
            rating: .number(3), timestamp: withTimestamp ? .number(4) : nil, fieldCount: fieldCount)
    }
}

extension DelimitedOptions {
    /// The chosen columns with the command-line option that chooses each, in option order.
    public var roles: [(option: String, column: ColumnRef)] {
        var roles: [(String, ColumnRef)] = [
            ("--user-column", user), ("--item-column", item), ("--rating-column", rating),
        ]
        if let timestamp { roles.append(("--timestamp-column", timestamp)) }
        return roles
    }

    /// Checks that the user, item, rating and timestamp columns are distinct as written (the
    /// loader checks them again once header names are resolved to positions).
    ///
    /// - Throws: ``DelimitedOptionsError`` naming the first two options that choose the same column.
    public func validate() throws(DelimitedOptionsError) {
        let roles = self.roles
        for (i, a) in roles.enumerated() {
            for b in roles[(i + 1)...] where a.column == b.column {
                throw DelimitedOptionsError(
                    option: a.option,
                    message: "\(a.option) and \(b.option) both name \(a.column); "
                        + "the user, item, rating and timestamp columns must be different columns")
            }
        }
    }
}

/// Column options that cannot describe a file, such as `--user-column 1 --item-column 1`.
public struct DelimitedOptionsError: MFSweepError, Equatable {
    /// The first option at fault (`--user-column`).
    public var option: String
    /// What was wrong, naming every option involved.
    public var message: String

    /// An error about `option`.
    public init(option: String, message: String) {
        self.option = option
        self.message = message
    }

    /// The message itself: it starts with the options.
    public var description: String { message }
    /// The option.
    public var location: ErrorLocation? { .option(option) }
    /// Bad options are bad usage.
    public var exitStatus: ExitStatus { .invalidInput }
}
