/// The layout of a ratings file.
public enum RatingsFormat: Sendable, Hashable {
    /// Decide from the file name, then from the first non-blank line (see ``RatingsLoader``).
    case auto
    /// MovieLens 100K `u.data`: `user<TAB>item<TAB>rating<TAB>timestamp`, no header, exactly
    /// 4 fields a row.
    case movieLens100k
    /// MovieLens 1M/10M `ratings.dat`: `user::item::rating::timestamp`, no header, exactly 4
    /// fields a row.
    case movieLensDat
    /// Any delimited file; MovieLens 20M/25M/latest `ratings.csv` is ``movieLensCSV``.
    case csv(DelimitedOptions)

    /// MovieLens `ratings.csv`: header `userId,movieId,rating,timestamp`, half-star ratings.
    public static let movieLensCSV = DelimitedOptions(
        delimiter: ",", hasHeader: true, user: .name("userId"), item: .name("movieId"),
        rating: .name("rating"), timestamp: .name("timestamp"))

    /// The names accepted by ``init(argument:)``, in the order to show them in help.
    public static let argumentNames = ["auto", "movielens-100k", "movielens-dat", "csv"]

    /// Parses a command-line name: `auto`, `movielens-100k`, `movielens-dat` or `csv` (which
    /// means ``movieLensCSV``); nil for anything else.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "auto": self = .auto
        case "movielens-100k": self = .movieLens100k
        case "movielens-dat": self = .movieLensDat
        case "csv": self = .csv(RatingsFormat.movieLensCSV)
        default: return nil
        }
    }

    /// The command-line name of this format (`csv` for every delimited layout).
    public var name: String {
        switch self {
        case .auto: return "auto"
        case .movieLens100k: return "movielens-100k"
        case .movieLensDat: return "movielens-dat"
        case .csv: return "csv"
        }
    }

    /// The delimited layout this format reads; nil for ``auto``.
    public var options: DelimitedOptions? {
        switch self {
        case .auto: return nil
        case .movieLens100k: return .numbered(delimiter: "\t", fieldCount: 4)
        case .movieLensDat: return .numbered(delimiter: "::", fieldCount: 4)
        case .csv(let options): return options
        }
    }
}
