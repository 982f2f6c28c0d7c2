extension String {
    /// The text with every character that would break or garble a terminal line escaped:
    /// `\n`, `\r` and `\t` as themselves, other control characters (C0, DEL, C1) and the Unicode
    /// line and paragraph separators as `\u{1B}`. Error messages quote what a user gave them
    /// (a field of a ratings file, a JSON key, a path), so this is what keeps each of them one
    /// line (see ``MFSweepError/diagnosticLines``).
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: \.breaksLine) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out.append(contentsOf: #"\n"#.unicodeScalars)
            case "\r": out.append(contentsOf: #"\r"#.unicodeScalars)
            case "\t": out.append(contentsOf: #"\t"#.unicodeScalars)
            case _ where scalar.breaksLine:
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

extension Unicode.Scalar {
    /// A control character (C0, DEL, C1) or U+2028/U+2029.
    fileprivate var breaksLine: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }
}
