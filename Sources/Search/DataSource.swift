public import Core

/// The ratings a sweep trains on: a file (path already resolved against the sweep file's
/// folder) or a synthetic table.
public enum DataSource: Sendable, Equatable {
    /// A ratings file in `format` (`auto` decides from the name and first line), whose repeated
    /// (user, item) pairs are resolved by `duplicates`.
    case file(path: String, format: RatingsFormat, duplicates: DuplicatePolicy = .error)
    /// A table generated from `spec` (see ``SyntheticRatings``).
    case synthetic(SyntheticSpec)
}
