import Core
import Testing

/// Error messages quote what a user gave (a field, a JSON key, a path); each printed error
/// stays one line whatever that holds.
struct OneLineErrorTests {
    @Test func escapesControlCharactersAndLineSeparators() {
        #expect("plain text, é and 日本".escapingControlCharacters == "plain text, é and 日本")
        #expect("a\nb\rc\td".escapingControlCharacters == #"a\nb\rc\td"#)
        #expect(
            "\u{1B}[31m\u{7F}\u{85}\u{2028}\u{2029}\u{0}".escapingControlCharacters
                == #"\u{1B}[31m\u{7F}\u{85}\u{2028}\u{2029}\u{0}"#)
    }

    @Test func theDefaultDiagnosticLineIsOneLine() {
        let error = FileWriteError(path: "out\nput.csv", reason: "no space\r\n")
        #expect(error.diagnosticLines == [#"error: cannot write out\nput.csv: no space\r\n"#])
    }
}
