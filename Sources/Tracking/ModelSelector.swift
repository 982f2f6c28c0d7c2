/// Which version of a named model to use: `NAME@3`, `NAME@champion`, or `NAME@latest` (also
/// plain `NAME`).
public enum ModelSelector: Sendable, Hashable, CustomStringConvertible {
    /// Version K.
    case version(Int)
    /// The version an alias points at.
    case alias(String)
    /// The highest version that is not archived.
    case latest

    /// The reserved alias that means ``latest``.
    public static let latestAlias = "latest"

    /// `3`, `champion`, `latest`.
    public var description: String {
        switch self {
        case .version(let k): "\(k)"
        case .alias(let a): a
        case .latest: Self.latestAlias
        }
    }
}
