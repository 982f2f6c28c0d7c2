import Core
import Foundation
import Ratings

/// The raw user ids of a `recommend --users FILE`: one per line; blank lines and lines starting
/// with `#` are skipped, spaces around an id (and a UTF-8 byte-order mark) are dropped. A
/// repeated id stays repeated (the output has one list per id line, in file order).
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
    /// The ids in file order.
    public var entries: [Entry]

    /// The ids alone, in file order.
    public var ids: [String] { entries.map(\.id) }

    /// Reads and parses the file at `path`.
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

    /// Parses `bytes`, the contents of the file at `path`.
    ///
    /// - Throws: ``RegistryError``: a line that is not UTF-8 (`FILE:LINE: …`), or no ids at all.
    public init(path: String, bytes: [UInt8]) throws {
        self.path = path
        entries = []
        var number = 0
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            guard let line = String(validating: raw, as: UTF8.self) else {
                throw RegistryError.usersFile(
                    path: path, line: number, message: "not UTF-8 text; expected one raw user id per line")
            }
            // A byte-order mark (as some editors write) is not part of the first id.
            let unmarked = number == 1 && line.hasPrefix("\u{FEFF}") ? String(line.dropFirst()) : line
            let id = unmarked.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !id.isEmpty, !id.hasPrefix("#") else { continue }
            entries.append(Entry(id: id, line: number))
        }
        guard !entries.isEmpty else {
            throw RegistryError.usersFile(path: path, line: nil, message: "no user ids (one per line)")
        }
    }

    /// Checks that `model` knows every user.
    ///
    /// - Throws: ``RegistryError`` naming the first unknown user's `FILE:LINE`, how many are unknown
    ///   and on which lines (the first five), on one line.
    public func checkKnown(by model: LoadedModel) throws {
        let unknown = entries.filter { model.artifact.userRow($0.id) == nil }
        guard let first = unknown.first else { return }
        var message = "user \(first.id) is not in model \(model.label) (\(model.artifact.userIDs.count) users)"
        if unknown.count > 1 {
            message +=
                "; \(unknown.count) lines name unknown users (lines "
                + unknown.prefix(5).map { "\($0.line)" }.joined(separator: ", ") + (unknown.count > 5 ? ", …" : "")
                + ")"
        }
        throw RegistryError.usersFile(
            path: path, line: first.line,
            message: message + "; --cold-start popular gives unknown users the items with the highest learned bias")
    }
}
