/// The row loop of ``RatingsLoader``: header, column resolution, per-row parsing and checks.
struct DelimitedRatingsParser {
    let bytes: UnsafeRawBufferPointer
    let path: String
    let options: DelimitedOptions
    let skipBadRows: Bool

    private(set) var table = RatingsTable()
    private(set) var skippedRows = 0
    private(set) var firstSkippedError: RatingsError?

    init(bytes: UnsafeRawBufferPointer, path: String, options: DelimitedOptions, skipBadRows: Bool) {
        self.bytes = bytes
        self.path = path
        self.options = options
        self.skipBadRows = skipBadRows
    }

    /// 0-based column positions.
    private struct Columns {
        var user: Int
        var item: Int
        var rating: Int
        var timestamp: Int?
        var needed: Int { max(user, item, rating, timestamp ?? 0) + 1 }
    }

    /// Reads every row into ``table``.
    mutating func parse() throws {
        guard !options.delimiter.isEmpty else {
            throw RatingsError(file: path, message: "the column delimiter is empty; give one such as \",\" or \"::\"")
        }
        var lines = LineReader(bytes)
        var splitter = FieldSplitter(bytes: bytes, delimiter: options.delimiter)
        let columns: Columns
        var expectedColumns: Int
        if options.hasHeader {
            guard let header = lines.next() else { throw RatingsError(file: path, message: "file is empty") }
            if let problem = splitter.split(header.range) {
                throw RatingsError(file: path, line: header.number, message: "bad header: \(problem)")
            }
            let names = splitter.fields.map { splitter.text($0) }
            columns = try resolve(header: names, line: header.number)
            expectedColumns = max(names.count, columns.needed)
        } else {
            columns = try resolve(header: nil, line: nil)
            expectedColumns = columns.needed
        }
        let needed = columns.needed
        let delimiterName = Self.describe(delimiter: options.delimiter)

        var users: [Int32] = []
        var items: [Int32] = []
        var ratings: [Float] = []
        var timestamps: [Int64] = []
        var userIDs = RawIDInterner()
        var itemIDs = RawIDInterner()

        while let line = lines.next() {
            let problem: String? = {
                if let problem = splitter.split(line.range) { return problem }
                let fields = splitter.fields
                guard fields.count >= needed else {
                    return "expected \(expectedColumns) columns separated by \(delimiterName), found \(fields.count)"
                }
                let userField = fields[columns.user]
                let itemField = fields[columns.item]
                let ratingField = fields[columns.rating]
                guard userField.end > userField.start else { return "user id is empty" }
                guard itemField.end > itemField.start else { return "item id is empty" }
                guard let value = NumberParsing.plainDecimal(bytes, ratingField) ?? Double(splitter.text(ratingField))
                else { return "rating \(splitter.quoted(ratingField)) is not a number" }
                let rating = Float(value)
                guard rating.isFinite else { return "rating \(splitter.quoted(ratingField)) is not a finite number" }
                var timestamp: Int64 = 0
                if let column = columns.timestamp {
                    guard let t = NumberParsing.integer(bytes, fields[column]) else {
                        return "timestamp \(splitter.quoted(fields[column])) is not an integer"
                    }
                    timestamp = t
                }
                users.append(userIDs.intern(splitter, userField))
                items.append(itemIDs.intern(splitter, itemField))
                ratings.append(rating)
                timestamps.append(timestamp)
                return nil
            }()
            if let problem {
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
        table = RatingsTable(
            users: users, items: items, ratings: ratings, timestamps: timestamps,
            userIDs: userIDs.map, itemIDs: itemIDs.map)
    }

    /// Column positions for the options, checking names against `header`.
    private func resolve(header: [String]?, line: Int?) throws -> Columns {
        func position(_ ref: ColumnRef, role: String) throws -> Int {
            switch ref {
            case .number(let number):
                guard number >= 1 else {
                    throw RatingsError(file: path, message: "the \(role) column number must be 1 or more, got \(number)")
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
        return Columns(
            user: try position(options.user, role: "user"),
            item: try position(options.item, role: "item"),
            rating: try position(options.rating, role: "rating"),
            timestamp: try options.timestamp.map { try position($0, role: "timestamp") })
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
