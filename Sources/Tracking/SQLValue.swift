/// A value bound to, or read from, a column of the store: the types both backends share.
///
/// NaN is never stored: the store keeps SQL NULL for it (SQLite has no NaN), so both backends
/// read back the same values.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    init(_ value: Int64?) { self = value.map(SQLValue.integer) ?? .null }
    init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    init(_ value: Int32) { self = .integer(Int64(value)) }
    init(_ value: String?) { self = value.map(SQLValue.text) ?? .null }
    /// A real value; NaN (and nil) are stored as NULL.
    init(_ value: Double?) {
        guard let value, !value.isNaN else {
            self = .null
            return
        }
        self = .real(value)
    }
}
