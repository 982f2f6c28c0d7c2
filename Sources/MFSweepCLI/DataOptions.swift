import ArgumentParser
import Core
import Ratings

/// How to read a ratings file: `--format` and, for other delimited files, the columns.
struct DataOptions: ParsableArguments {
    @Option(help: "File format: auto, movielens-100k (u.data), movielens-dat (ratings.dat), csv.")
    var format: String = "auto"

    @Option(help: "Field delimiter of a delimited file (e.g. ',', 'tab', '::', ';').")
    var delimiter: String?

    @Flag(help: "The delimited file has no header row: name columns by number (1-based).")
    var noHeader = false

    @Option(help: "User column: header name or 1-based number (default userId or 1).")
    var userColumn: String?

    @Option(help: "Item column: header name or 1-based number (default movieId or 2).")
    var itemColumn: String?

    @Option(help: "Rating column: header name or 1-based number (default rating or 3).")
    var ratingColumn: String?

    @Option(help: "Timestamp column, or 'none' (default timestamp or 4).")
    var timestampColumn: String?

    @Flag(help: "Skip malformed rows (counted in the summary) instead of failing on the first.")
    var skipBadRows = false

    @Option(help: "(user, item) pairs rated on several rows: error (default), last (keep the last rating) or mean.")
    var duplicates: String?

    func validate() throws {
        guard RatingsFormat(argument: format) != nil else {
            throw ValidationError(
                "unknown --format '\(format)'; accepted: "
                    + RatingsFormat.argumentNames.joined(separator: ", "))
        }
        if let duplicates, DuplicatePolicy(argument: duplicates) == nil {
            throw ValidationError(
                "unknown --duplicates '\(duplicates)'; accepted: "
                    + DuplicatePolicy.argumentNames.joined(separator: ", "))
        }
    }

    /// Whether any column flag asks for a custom delimited layout.
    private var customLayout: Bool {
        delimiter != nil || noHeader || userColumn != nil || itemColumn != nil
            || ratingColumn != nil || timestampColumn != nil
    }

    /// The format the flags describe.
    var ratingsFormat: RatingsFormat {
        let named = RatingsFormat(argument: format) ?? .auto
        guard customLayout else { return named }
        var options = named.options ?? RatingsFormat.movieLensCSV
        options.fieldCount = nil  // another layout: rows have the header's or the first row's count
        if let d = delimiter {
            options.delimiter = d == "tab" || d == "\\t" ? "\t" : d
        }
        if noHeader { options = .numbered(delimiter: options.delimiter) }
        func column(_ text: String) -> ColumnRef {
            Int(text).map(ColumnRef.number) ?? .name(text)
        }
        if let c = userColumn { options.user = column(c) }
        if let c = itemColumn { options.item = column(c) }
        if let c = ratingColumn { options.rating = column(c) }
        if let c = timestampColumn { options.timestamp = c == "none" ? nil : column(c) }
        return .csv(options)
    }

    /// The `--duplicates` policy; nil when the flag is not given.
    var duplicatePolicy: DuplicatePolicy? { duplicates.flatMap(DuplicatePolicy.init(argument:)) }

    @Option(
        help: ArgumentHelp(
            "Keep the parsed file in this folder, so the next load of the unchanged file skips parsing.",
            discussion: "Default: $MFSWEEP_CACHE; 'off' (or no value) parses every time.", valueName: "dir"))
    var cache: String?

    /// The `--cache` folder, else `$MFSWEEP_CACHE`; nil for neither or `off`.
    var ratingsCache: RatingsCache? { RatingsCache.chosen(option: cache) ?? nil }

    /// Loads `path`; repeated pairs follow `--duplicates`, else `defaultDuplicates`.
    func load(_ path: String, defaultDuplicates: DuplicatePolicy = .error) throws -> LoadedRatings {
        try RatingsLoader.load(
            path: path, format: ratingsFormat, duplicates: duplicatePolicy ?? defaultDuplicates,
            skipBadRows: skipBadRows, cache: ratingsCache)
    }
}
