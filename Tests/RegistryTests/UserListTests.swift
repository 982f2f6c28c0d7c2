import Core
import Factorization
import Ratings
import Registry
import Testing

@testable import Registry

/// `recommend --users FILE`: ids with their lines, and errors that name FILE:LINE.
struct UserListTests {
    static func list(_ text: String) throws -> UserList {
        try UserList(path: "users.txt", bytes: Array(text.utf8))
    }

    static func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A model that knows users a, b and c.
    static func loaded() -> LoadedModel {
        var h = Hyperparameters()
        h.embDim = 2
        let model = MFModel(userCount: 3, itemCount: 2, hyperparameters: h, mean: 3, seed: 1)
        let artifact = ModelArtifact(
            model: model, userIDs: IDMap(rawIDs: ["a", "b", "c"]), itemIDs: IDMap(rawIDs: ["i", "j"]),
            titles: ["", ""],
            seen: SeenItems(users: [], items: [], userCount: 3), configJSON: "{}", dataFingerprint: "sha256:x",
            metadataJSON: "{}")
        return LoadedModel(artifact: artifact, label: "m@1", version: nil, path: "m.mfm")
    }

    @Test func idsKeepTheirLinesAndRepeats() throws {
        let list = try Self.list("# users\r\n a \r\n\r\nb\n#c\na\n")
        #expect(list.entries == [.init(id: "a", line: 2), .init(id: "b", line: 4), .init(id: "a", line: 6)])
        #expect(list.ids == ["a", "b", "a"], "a repeated id keeps its place: one list per id line")
        #expect(list.count == 3 && Array(list) == list.entries)
        try list.checkKnown(by: Self.loaded())
        #expect(try Self.list("\u{FEFF}b\r\nc\r\n").ids == ["b", "c"], "a byte-order mark is not part of the id")
        #expect(
            try Self.list("\u{00A0}c\u{3000}\n\t b\u{2009}x \n\u{205F}#no\n").ids == ["c", "b\u{2009}x"],
            "Unicode spaces around an id are dropped too, and inside it kept")
    }

    @Test func errorsNameTheFileAndLine() throws {
        #expect(Self.message { _ = try Self.list("\n# none\n\n") } == "users.txt: no user ids (one per line)")
        #expect(
            Self.message { _ = try UserList(path: "users.txt", bytes: Array("a\nb\n".utf8) + [0xFF, 0x0A]) }
                == "users.txt:3: not UTF-8 text; expected one raw user id per line")
        let one = Self.message { try Self.list("a\n\nzz\nb\n").checkKnown(by: Self.loaded()) }
        #expect(
            one
                == "users.txt:3: user zz is not in model m@1 (3 users); --cold-start popular gives unknown users the items with the highest learned bias"
        )
        let many = try #require(
            Self.message { try Self.list("x1\na\nx2\nx3\nx4\nx5\nx6\n").checkKnown(by: Self.loaded()) })
        #expect(
            many.hasPrefix(
                "users.txt:1: user x1 is not in model m@1 (3 users); 6 lines name unknown users (lines 1, 3, 4, 5, 6, …);"
            ))
        #expect(!many.contains("\n"))
        #expect(
            Self.message { _ = try UserList.read(path: "/nonexistent/users.txt") }?.hasPrefix(
                "/nonexistent/users.txt: cannot read") == true)
    }
}
