/// One row a query returned, read by column position (the store always names the columns it
/// selects, so positions are known; PostgreSQL folds unquoted names to lower case, so names are
/// not).
struct SQLRow: Sendable {
    /// The row's values, in the order of the query's select list.
    var values: [SQLValue]

    /// The value at `index` as an integer.
    func int64(_ index: Int) throws -> Int64 {
        guard let value = try optionalInt64(index) else { throw mismatch(index, "an integer", "NULL") }
        return value
    }

    /// The value at `index` as an integer, or nil for NULL.
    func optionalInt64(_ index: Int) throws -> Int64? {
        switch values[index] {
        case .null: return nil
        case .integer(let value): return value
        case .real(let value) where value == value.rounded() && abs(value) < 9.0e18: return Int64(value)
        default: throw mismatch(index, "an integer", values[index])
        }
    }

    /// The value at `index` as an `Int`.
    func int(_ index: Int) throws -> Int { Int(try int64(index)) }

    /// The value at `index` as an `Int`, or nil for NULL.
    func optionalInt(_ index: Int) throws -> Int? { try optionalInt64(index).map(Int.init) }

    /// The value at `index` as a number, or nil for NULL.
    func optionalDouble(_ index: Int) throws -> Double? {
        switch values[index] {
        case .null: return nil
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: throw mismatch(index, "a number", values[index])
        }
    }

    /// The value at `index` as a number.
    func double(_ index: Int) throws -> Double {
        guard let value = try optionalDouble(index) else { throw mismatch(index, "a number", "NULL") }
        return value
    }

    /// The value at `index` as text, or nil for NULL.
    func optionalString(_ index: Int) throws -> String? {
        switch values[index] {
        case .null: return nil
        case .text(let value): return value
        default: throw mismatch(index, "text", values[index])
        }
    }

    /// The value at `index` as text.
    func string(_ index: Int) throws -> String {
        guard let value = try optionalString(index) else { throw mismatch(index, "text", "NULL") }
        return value
    }

    /// The value at `index` as bytes.
    func bytes(_ index: Int) throws -> [UInt8] {
        switch values[index] {
        case .blob(let value): return value
        case .text(let value): return Array(value.utf8)
        default: throw mismatch(index, "bytes", values[index])
        }
    }

    /// The value at `index` decoded from its text as a raw-value enum.
    func raw<T: RawRepresentable>(_ index: Int, as type: T.Type) throws -> T where T.RawValue == String {
        let text = try string(index)
        guard let value = T(rawValue: text) else { throw mismatch(index, "a \(T.self)", "'\(text)'") }
        return value
    }

    private func mismatch(_ index: Int, _ expected: String, _ found: Any) -> StoreRowError {
        StoreRowError(detail: "column \(index + 1) holds \(found) where \(expected) was expected")
    }
}

/// A row of the store whose value has the wrong type: the store was changed by something other
/// than mfsweep. The backend turns it into ``StoreError/database(path:reason:damaged:)``.
struct StoreRowError: Error {
    var detail: String
}
