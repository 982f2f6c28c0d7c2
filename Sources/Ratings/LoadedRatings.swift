public import Core

/// A ratings file after loading: the table plus what was learned on the way.
public struct LoadedRatings: Sendable, Equatable {
    /// The ratings, in file order.
    public var table: RatingsTable
    /// The path as given to the loader.
    public var path: String
    /// The format the file was read with (never ``RatingsFormat/auto``).
    public var format: RatingsFormat
    /// Rows skipped as bad (only with `skipBadRows: true`).
    public var skippedRows: Int
    /// The first skipped row's error, to show the user what kind of rows were dropped.
    public var firstSkippedError: RatingsError?
    /// The (user, item) pairs the file rates on more than one row, counted before they were
    /// merged (see ``DuplicatePolicy``).
    public var duplicates: DuplicatePairs
    /// The table's ``Fingerprint``, when it is already known (stored with a cached table), so
    /// that ``fingerprint()`` need not compute it again.
    public var knownFingerprint: String?
    /// What the load did with a ``RatingsCache``; nil when it used none.
    public var cache: RatingsCache.Use?

    /// A loaded file.
    public init(
        table: RatingsTable, path: String, format: RatingsFormat, skippedRows: Int = 0,
        firstSkippedError: RatingsError? = nil, duplicates: DuplicatePairs = .none
    ) {
        self.table = table
        self.path = path
        self.format = format
        self.skippedRows = skippedRows
        self.firstSkippedError = firstSkippedError
        self.duplicates = duplicates
    }

    /// The table's ``Fingerprint``: the known one, else computed (O(count · log count)).
    public func fingerprint() -> String { knownFingerprint ?? Fingerprint.of(table) }
}
