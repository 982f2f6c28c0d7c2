/// What the ratings loader does with a (user, item) pair that is rated on more than one row.
///
/// A model that saw both rows would count the pair twice, and k-fold validation could put one
/// copy in train and the other in test, so a file's duplicates must be resolved explicitly.
public enum DuplicatePolicy: String, Sendable, Hashable, CaseIterable {
    /// Refuse the file at the second row of the first repeated pair (the default).
    case error
    /// Keep one row per pair, at the first row's place, with the last row's rating and timestamp.
    case last
    /// Keep one row per pair, at the first row's place, with the mean of its ratings and the
    /// last row's timestamp.
    case mean
    /// Keep every row as written. Only for describing a file (`data info` without
    /// `--duplicates`); never for training, which would count a repeated pair twice.
    case keep

    /// The names accepted by ``init(argument:)`` (the command line's and a sweep file's).
    public static let argumentNames = ["error", "last", "mean"]

    /// Parses a command-line or sweep-file name: `error`, `last` or `mean`; nil otherwise.
    public init?(argument: String) {
        guard Self.argumentNames.contains(argument), let policy = Self(rawValue: argument) else { return nil }
        self = policy
    }

    /// `error`, `last`, `mean` or `keep`.
    public var name: String { rawValue }
}
