#if canImport(Glibc)
import Core
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The row loop of ``RatingsLoader``: header, column resolution, per-row parsing and checks.
struct DelimitedRatingsParser {
    let bytes: UnsafeRawBufferPointer
    let path: String
    let options: DelimitedOptions
    let skipBadRows: Bool
    /// Whether to keep each row's line number in ``rowLines`` (off on the fast path).
    let recordsLines: Bool

    private(set) var skippedRows = 0
    /// The 1-based line of each row read, when ``recordsLines`` is on.
    private(set) var rowLines: [Int] = []
    private(set) var firstSkippedError: RatingsError?

    private var splitter: FieldSplitter
    private var users: [Int32] = []
    private var items: [Int32] = []
    private var ratings: [Float] = []
    private var timestamps: [Int64] = []
    private var userIDs = RawIDInterner()
    private var itemIDs = RawIDInterner()
    private(set) var columns = Columns(user: 0, item: 1, rating: 2, timestamp: nil)
    private var neededColumns = 3
    /// The number of fields every row must have; 0 until the first row sets it (no header and
    /// no ``DelimitedOptions/fieldCount``).
    private(set) var expectedFields = 0
    /// Where ``expectedFields`` comes from, for messages: `separated by tabs`, `separated by
    /// ",", as the header on line 1`, `separated by ";", as line 3`.
    private var fieldsNote = ""
    private var delimiterName = ""

    init(
        bytes: UnsafeRawBufferPointer, path: String, options: DelimitedOptions, skipBadRows: Bool,
        recordsLines: Bool = false
    ) {
        self.bytes = bytes
        self.path = path
        self.options = options
        self.skipBadRows = skipBadRows
        self.recordsLines = recordsLines
        self.splitter = FieldSplitter(bytes: bytes, delimiter: options.delimiter.isEmpty ? "," : options.delimiter)
    }

    /// The ratings read by ``parse()``.
    var table: RatingsTable {
        RatingsTable(
            users: users, items: items, ratings: ratings, timestamps: timestamps,
            userIDs: userIDs.map, itemIDs: itemIDs.map)
    }

    /// 0-based column positions.
    struct Columns {
        var user: Int
        var item: Int
        var rating: Int
        var timestamp: Int?
        var needed: Int { Swift.max(Swift.max(user, item), Swift.max(rating, timestamp ?? 0)) + 1 }
    }

    /// Reads every row.
    mutating func parse() throws {
        var lines = try begin()
        try parseRows(&lines)
    }

    /// Reads the header (when the options say there is one) and resolves the columns; returns
    /// the reader at the first data line.
    mutating func begin() throws -> LineReader {
        guard !options.delimiter.isEmpty else {
            throw RatingsError(file: path, message: "the column delimiter is empty; give one such as \",\" or \"::\"")
        }
        var lines = LineReader(bytes)
        var headerLine: Int?
        if options.hasHeader {
            guard let header = lines.next() else { throw RatingsError(file: path, message: "file is empty") }
            headerLine = header.number
            if let problem = splitter.split(header.range) {
                throw RatingsError(file: path, line: header.number, message: "bad header: \(problem)")
            }
            let names = splitter.fields.map { splitter.text($0) }
            columns = try resolve(header: names, line: header.number)
            expectedFields = names.count
        } else {
            columns = try resolve(header: nil, line: nil)
        }
        neededColumns = columns.needed
        delimiterName = Self.describe(delimiter: options.delimiter)
        fieldsNote = "separated by \(delimiterName)"
        if let count = options.fieldCount {
            expectedFields = max(count, neededColumns)
        } else if let header = headerLine {
            fieldsNote += ", as the header on line \(header)"
        }
        return lines
    }

    /// Reads every row from `lines` on (after ``begin()``).
    mutating func parseRows(_ lines: inout LineReader) throws {
        reserveCapacity()
        while let line = lines.next() {
            if let problem = parseRow(line.range, number: line.number) {
                let error = RatingsError(file: path, line: line.number, message: problem)
                guard skipBadRows else { throw error }
                skippedRows += 1
                if firstSkippedError == nil { firstSkippedError = error }
            }
        }

        if ratings.isEmpty {
            if let firstSkippedError {
                throw RatingsError(
                    file: path,
                    message: "no valid rating rows: all \(skippedRows) rows are bad; the first, line "
                        + "\(firstSkippedError.line ?? 0): \(firstSkippedError.message)")
            }
            throw RatingsError(
                file: path, message: options.hasHeader ? "file has a header but no rating rows" : "file is empty")
        }
    }

    /// Parses one row and appends it; returns what is wrong with it instead if it is bad (then
    /// nothing is appended and no id is added).
    private mutating func parseRow(_ line: Range<Int>, number: Int) -> String? {
        if let problem = splitter.split(line) { return problem }
        let count = splitter.fields.count
        if expectedFields == 0 {
            guard count >= neededColumns else {
                return "expected at least \(neededColumns) fields, found \(count) (separated by \(delimiterName))"
            }
            expectedFields = count
            fieldsNote += ", as line \(number)"
        }
        guard count == expectedFields else {
            return "expected \(expectedFields) fields, found \(count) (\(fieldsNote))"
        }
        let userField = splitter.fields[columns.user]
        let itemField = splitter.fields[columns.item]
        let ratingField = splitter.fields[columns.rating]
        guard userField.end > userField.start else { return "user id is empty" }
        guard itemField.end > itemField.start else { return "item id is empty" }
        if let problem = invalidUTF8(userField, role: "user", line: line) { return problem }
        if let problem = invalidUTF8(itemField, role: "item", line: line) { return problem }
        guard let value = NumberParsing.plainDecimal(bytes, ratingField) ?? Double(splitter.text(ratingField)) else {
            return "rating \(splitter.quoted(ratingField)) is not a number"
        }
        guard value.isFinite else { return "rating \(splitter.quoted(ratingField)) is not a finite number" }
        let rating = Float(value)
        guard rating.isFinite else {
            return "rating \(splitter.quoted(ratingField)) is beyond the range of a 32-bit float (±3.4e38)"
        }
        var timestamp: Int64 = 0
        if let column = columns.timestamp {
            let field = splitter.fields[column]
            guard let t = NumberParsing.integer(bytes, field) else {
                return "timestamp \(splitter.quoted(field)) is not an integer"
            }
            timestamp = t
        }
        users.append(userIDs.intern(splitter, userField))
        items.append(itemIDs.intern(splitter, itemField))
        ratings.append(rating)
        timestamps.append(timestamp)
        if recordsLines { rowLines.append(number) }
        return nil
    }

    /// `user id is not valid UTF-8 (byte 0xFF at column 3)` when the id in `field` is not UTF-8
    /// (the column counts bytes from 1 at the start of `line`); nil when it is.
    private func invalidUTF8(_ field: Field, role: String, line: Range<Int>) -> String? {
        guard let bad = UTF8Validation.firstInvalidByte(bytes, in: field.start..<field.end) else { return nil }
        let hex = String(bytes[bad], radix: 16, uppercase: true)  // a byte ≥ 0x80: two digits
        return "\(role) id is not valid UTF-8 (byte 0x\(hex) at column \(bad - line.lowerBound + 1))"
    }

    /// Reserves room for the rows, estimated from the line length in the first 64 KiB.
    private mutating func reserveCapacity() {
        guard let base = bytes.baseAddress else { return }
        let sample = min(bytes.count, 1 << 16)
        var newlines = 0
        var offset = 0
        while offset < sample, let hit = memchr(base + offset, 10, sample - offset) {
            newlines += 1
            offset = base.distance(to: UnsafeRawPointer(hit)) + 1
        }
        guard newlines > 0 else { return }
        let estimate = Int(Double(bytes.count) / Double(sample) * Double(newlines) * 1.02) + 16
        users.reserveCapacity(estimate)
        items.reserveCapacity(estimate)
        ratings.reserveCapacity(estimate)
        timestamps.reserveCapacity(estimate)
    }

    /// Column positions for the options, checking names against `header`.
    private func resolve(header: [String]?, line: Int?) throws -> Columns {
        func position(_ ref: ColumnRef, role: String) throws -> Int {
            switch ref {
            case .number(let number):
                guard number >= 1 else {
                    throw RatingsError(
                        file: path, message: "the \(role) column number must be 1 or more, got \(number)")
                }
                if let header, number > header.count {
                    throw RatingsError(
                        file: path, line: line,
                        message: "the \(role) column is column \(number) but the header has \(header.count) fields")
                }
                return number - 1
            case .name(let name):
                guard let header else {
                    throw RatingsError(
                        file: path,
                        message: "the \(role) column is chosen by name (\"\(name)\") but the file has no header; "
                            + "choose columns by number instead")
                }
                if let i = header.firstIndex(of: name) { return i }
                if let i = header.firstIndex(where: { $0.lowercased() == name.lowercased() }) { return i }
                let listed = header.map { "\"\($0)\"" }.joined(separator: ", ")
                throw RatingsError(
                    file: path, line: line,
                    message: "header has no \(role) column \"\(name)\"; the header's columns are \(listed)")
            }
        }
        let columns = Columns(
            user: try position(options.user, role: "user"),
            item: try position(options.item, role: "item"),
            rating: try position(options.rating, role: "rating"),
            timestamp: try options.timestamp.map { try position($0, role: "timestamp") })
        // Written differently (a name and a number) but the same column of the header.
        let positions = [columns.user, columns.item, columns.rating] + (columns.timestamp.map { [$0] } ?? [])
        let roles = options.roles
        for i in positions.indices {
            for j in (i + 1)..<positions.count where positions[i] == positions[j] {
                throw RatingsError(
                    file: path, line: line,
                    message: "\(roles[i].option) \(roles[i].column) and \(roles[j].option) \(roles[j].column) are both "
                        + "column \(positions[i] + 1) of the header; the user, item, rating and timestamp columns "
                        + "must be different columns")
            }
        }
        return columns
    }

    /// `tabs`, `spaces` or the quoted delimiter, for messages.
    static func describe(delimiter: String) -> String {
        switch delimiter {
        case "\t": return "tabs"
        case " ": return "spaces"
        default: return "\"\(delimiter)\""
        }
    }
}
