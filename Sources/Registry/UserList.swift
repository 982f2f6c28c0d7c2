import Core
import Foundation
import Ratings

/// The raw user ids of a `recommend --users FILE`: one per line; blank lines and lines starting
/// with `#` are skipped, spaces around an id (and a UTF-8 byte-order mark) are dropped. A
/// repeated id stays repeated (the output has one list per id line, in file order).
///
/// The list keeps the file's bytes and reads the ids from them on each pass (it is a
/// `Sequence` of ``Entry``), so a file of millions of ids costs one copy of the file, not an
/// array of strings; the first pass, in `init`, only checks every line and counts the ids.
public struct UserList: Sendable, Equatable {
    /// One id and the line it is on.
    public struct Entry: Sendable, Equatable {
        /// The raw user id.
        public var id: String
        /// Its 1-based line number.
        public var line: Int
    }

    /// The file, named in errors.
    public var path: String
    /// The file's contents.
    private let bytes: [UInt8]
    /// Number of ids (id lines).
    public let count: Int

    /// The ids with their lines, in file order.
    ///
    /// - Complexity: O(file) time and memory; iterating the list reads them one at a time.
    public var entries: [Entry] { Array(self) }

    /// The ids alone, in file order.
    public var ids: [String] { entries.map(\.id) }

    /// Reads and checks the file at `path`.
    ///
    /// - Throws: ``RegistryError`` naming the file (`FILE: …`, or `FILE:LINE: …` for a bad line).
    public static func read(path: String) throws -> UserList {
        if let reason = FileKind(path: path)?.notRegularFileReason {
            throw RegistryError.usersFile(path: path, line: nil, message: reason)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RegistryError.usersFile(
                path: path, line: nil, message: "cannot read the users file (no such file, or not readable)")
        }
        return try UserList(path: path, bytes: Array(data))
    }

    /// Checks `bytes`, the contents of the file at `path`: every line must be UTF-8 and one
    /// line at least must hold an id.
    ///
    /// - Throws: ``RegistryError``: a line that is not UTF-8 (`FILE:LINE: …`), or no ids at all.
    public init(path: String, bytes: [UInt8]) throws {
        self.path = path
        self.bytes = bytes
        var count = 0
        try Self.scan(bytes) { _ in
            count += 1
        } invalid: { line in
            throw RegistryError.usersFile(
                path: path, line: line, message: "not UTF-8 text; expected one raw user id per line")
        }
        guard count > 0 else {
            throw RegistryError.usersFile(path: path, line: nil, message: "no user ids (one per line)")
        }
        self.count = count
    }

    /// Calls `body` with each id line of `bytes`, or `invalid` with the number of a line that is
    /// not UTF-8.
    private static func scan(
        _ bytes: [UInt8], _ body: (Entry) throws -> Void, invalid: (Int) throws -> Void
    ) rethrows {
        var lines = Lines(bytes: bytes)
        while let line = lines.next() {
            switch line {
            case .id(let entry): try body(entry)
            case .invalid(let number): try invalid(number)
            }
        }
    }

    /// The lines of a users file, read one at a time.
    struct Lines {
        /// An id line, or the number of a line that is not UTF-8.
        enum Line {
            case id(Entry)
            case invalid(Int)
        }

        let bytes: [UInt8]
        private var start = 0
        private var number = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// Space, tab, line feed, vertical tab, form feed or carriage return.
        @inline(__always)
        static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 32 || (9...13).contains(byte) }

        /// The next id line or bad line (blank lines and comments are skipped), nil at the end.
        mutating func next() -> Line? {
            while start <= bytes.endIndex {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
                var lo = start
                var hi = end
                start = end + 1
                number += 1
                // A byte-order mark (as some editors write) is not part of the first id.
                if number == 1 && bytes[lo..<hi].starts(with: [0xEF, 0xBB, 0xBF]) { lo += 3 }
                // ASCII spaces first, on the bytes (fast); they hold no other UTF-8 character.
                while lo < hi && Self.isASCIISpace(bytes[lo]) { lo += 1 }
                while hi > lo && Self.isASCIISpace(bytes[hi - 1]) { hi -= 1 }
                guard var id = String(validating: bytes[lo..<hi], as: UTF8.self) else { return .invalid(number) }
                // Other Unicode spaces (no-break, ideographic, …) at either end: Foundation's trim.
                if id.unicodeScalars.first.map({ !$0.isASCII }) == true
                    || id.unicodeScalars.last.map({ !$0.isASCII }) == true
                {
                    id = id.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                guard !id.isEmpty, !id.hasPrefix("#") else { continue }
                return .id(Entry(id: id, line: number))
            }
            return nil
        }
    }

    /// Checks that `model` knows every user, in one pass that keeps only what the message needs.
    ///
    /// - Throws: ``RegistryError`` naming the first unknown user's `FILE:LINE`, how many are unknown
    ///   and on which lines (the first five), on one line.
    public func checkKnown(by model: LoadedModel) throws {
        var first: Entry?
        var lines: [Int] = []
        var unknown = 0
        for entry in self where model.artifact.userRow(entry.id) == nil {
            unknown += 1
            if first == nil { first = entry }
            if lines.count < 5 { lines.append(entry.line) }
        }
        guard let first else { return }
        var message = "user \(first.id) is not in model \(model.label) (\(model.artifact.userIDs.count) users)"
        if unknown > 1 {
            message +=
                "; \(unknown) lines name unknown users (lines "
                + lines.map { "\($0)" }.joined(separator: ", ") + (unknown > 5 ? ", …" : "") + ")"
        }
        throw RegistryError.usersFile(
            path: path, line: first.line,
            message: message + "; --cold-start popular gives unknown users the items with the highest learned bias")
    }
}

extension UserList: Sequence {
    /// Reads the ids from the file's bytes one at a time.
    public struct Iterator: IteratorProtocol {
        var lines: Lines

        /// The next id and its line, nil after the last.
        public mutating func next() -> Entry? {
            // Every line was checked in `init`, so none is invalid.
            while let line = lines.next() {
                if case .id(let entry) = line { return entry }
            }
            return nil
        }
    }

    /// An iterator from the first id.
    public func makeIterator() -> Iterator { Iterator(lines: Lines(bytes: bytes)) }

    /// The number of ids.
    public var underestimatedCount: Int { count }
}
