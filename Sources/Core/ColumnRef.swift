/// A column of a delimited file, chosen by its header name or by its 1-based position.
public enum ColumnRef: Sendable, Hashable, CustomStringConvertible {
    /// The column whose header is this name (exact match first, then ignoring case).
    case name(String)
    /// The column at this 1-based position.
    case number(Int)

    /// `"userId"` for a name, `column 3` for a number.
    public var description: String {
        switch self {
        case .name(let name): return "\"\(name)\""
        case .number(let number): return "column \(number)"
        }
    }
}
