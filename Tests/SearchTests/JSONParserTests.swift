import Search
import Testing

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        try JSONParser.parse(Array(text.utf8))
    }

    private func syntaxError(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func keepsNumberTokensAndKeyOrder() throws {
        let root = try parse(#"{"b": 1, "a": 1.0, "c": -2.5e-3, "d": [true, false, null, "x"]}"#)
        let members = try #require(root.members)
        #expect(members.map(\.key) == ["b", "a", "c", "d"])
        #expect(members[0].value.value == .number("1"))
        #expect(members[1].value.value == .number("1.0"))
        #expect(members[0].value.isIntegerToken)
        #expect(!members[1].value.isIntegerToken)
        #expect(members[2].value.value == .number("-2.5e-3"))
        guard case .array(let items) = members[3].value.value else {
            Issue.record("expected an array")
            return
        }
        #expect(items.map(\.value) == [.bool(true), .bool(false), .null, .string("x")])
    }

    @Test func positionsNodesAndKeys() throws {
        let text = "{\n  \"a\": [1,\n    {\"b\": \"é\", \"c\": 2}]\n}"
        let root = try parse(text)
        #expect(root.position == JSONPosition(line: 1, column: 1))
        let a = try #require(root["a"])
        #expect(a.keyPosition == JSONPosition(line: 2, column: 3))
        #expect(a.value.position == JSONPosition(line: 2, column: 8))
        guard case .array(let items) = a.value.value else {
            Issue.record("expected an array")
            return
        }
        #expect(items[0].position == JSONPosition(line: 2, column: 9))
        #expect(items[1].position == JSONPosition(line: 3, column: 5))
        // Columns count characters, not bytes: "é" is one column.
        let c = try #require(items[1]["c"])
        #expect(c.keyPosition == JSONPosition(line: 3, column: 16))
    }

    @Test func resolvesEscapes() throws {
        let root = try parse(#"["a\"b\\c\/d\n\t", "\u00e9\ud83d\ude00"]"#)
        guard case .array(let items) = root.value else {
            Issue.record("expected an array")
            return
        }
        #expect(items[0].value == .string("a\"b\\c/d\n\t"))
        #expect(items[1].value == .string("é😀"))
    }

    @Test func skipsByteOrderMark() throws {
        let root = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        #expect(root.value == .object([]))
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, 1, 9, "expected a key in double quotes after ',', got '}' (trailing commas are not allowed)"),
        ("[1, 2,]", 1, 7, "expected a value after ',', got ']' (trailing commas are not allowed)"),
        ("{\"a\": \"abc\n}", 1, 7, "unterminated string: no closing '\"' before the end of the line"),
        (#"{"a" 1}"#, 1, 6, "expected ':' after the key \"a\", got '1'"),
        (#"{"a": 1 "b": 2}"#, 1, 9, "expected ',' or '}' after the value of \"a\", got '\"'"),
        (#"{"a": True}"#, 1, 7, "expected a value for \"a\", got 'True'"),
        (#"{'a': 1}"#, 1, 2, "expected a key in double quotes or '}', got ''' (JSON strings use double quotes)"),
        ("[01]", 1, 2, "numbers cannot start with 0 (leading zeros are not allowed)"),
        ("[1.]", 1, 4, "expected a digit after '.', got ']'"),
        ("[-x]", 1, 3, "expected a digit after '-', got 'x'"),
        ("[1e]", 1, 4, "expected a digit in the exponent, got ']'"),
        (#"["\x"]"#, 1, 3, #"invalid escape '\x'; accepted: \" \\ \/ \b \f \n \r \t \uXXXX"#),
        (#"["\u12"]"#, 1, 7, "expected 4 hex digits after \\u, got '\"'"),
        (#"["\udc00"]"#, 1, 3, "a \\u escape of a low surrogate must follow a high surrogate"),
        ("[\"a\tb\"]", 1, 4, "control character U+0009 in a string; write it as an escape such as \\t"),
        ("", 1, 1, "expected a value, got the end of the file"),
        ("{} {}", 1, 4, "expected the end of the file after the JSON value, got '{'"),
        ("{\n  \"a\": 1,\n  \"a\": 2\n}", 3, 3, "duplicate key \"a\" (first at 2:3)"),
        ("{\"a\": [1, 2", 1, 12, "expected ',' or ']' after an array element, got the end of the file"),
    ])
    func reportsPositionAndExpectation(text: String, line: Int, column: Int, message: String) {
        let error = syntaxError(text)
        #expect(error == JSONSyntaxError(message, at: JSONPosition(line: line, column: column)), "\(text)")
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(syntaxError(deep)?.message.contains("nest deeper than") == true)
        let fine = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(syntaxError(fine) == nil)
    }
}
