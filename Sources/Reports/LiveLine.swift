/// One line of live progress (what `launch`, `train` and `promote` redraw on standard error),
/// fitted to a terminal's width.
///
/// A line is a list of fields in reading order. Each field has one or more forms, longest
/// first, and each form a rank. While the line is wider than the terminal, the form with the
/// lowest rank on the line gives way: its field takes its next form, or after its last form
/// leaves the line. Of equal ranks the rightmost gives way first. A form of rank ``keep`` never
/// gives way; when the line is still too wide, it is cut at the width (never inside a
/// character).
public struct LiveLine: Sendable, Equatable {
    /// The rank of a form that never gives way.
    public static let keep = Int.max

    /// One form of a field: its text and the rank at which it gives way.
    public struct Form: Sendable, Equatable {
        /// The text.
        public var text: String
        /// Lower ranks give way first.
        public var rank: Int

        /// A form.
        public init(_ text: String, rank: Int) {
            self.text = text
            self.rank = rank
        }
    }

    /// A part of the line.
    public struct Field: Sendable, Equatable {
        /// Its forms, longest first.
        public var forms: [Form]
        /// What goes between it and the field before it on the line.
        public var separator: String

        /// A field; `forms` must not be empty.
        public init(_ forms: [Form], separator: String = "  ") {
            precondition(!forms.isEmpty, "a field needs a form")
            self.forms = forms
            self.separator = separator
        }
    }

    /// The fields in reading order.
    public var fields: [Field]

    /// A line of `fields`.
    public init(_ fields: [Field]) {
        self.fields = fields
    }

    /// Every field in its longest form: the line for a log or a pipe, where width is no limit.
    public var full: String { text(levels: Array(repeating: 0, count: fields.count)) }

    /// The line in at most `width` columns (``DisplayWidth``): forms give way by rank until
    /// the line fits, then the text is cut. Then forms that gave way at a lower rank than the
    /// last one come back, most important first, where they fit again (a long parameter
    /// leaving can make room for the metric's name).
    ///
    /// - Complexity: O(s·(f + n)) for s forms in all, f fields and n characters.
    public func fitted(width: Int) -> String {
        let width = max(0, width)
        // levels[i]: the form field i shows; forms.count means it left the line.
        var levels = Array(repeating: 0, count: fields.count)
        // Each step of giving way: the field, the form it moved to, and the rank it gave way at.
        var gaveWay: [(field: Int, level: Int, rank: Int)] = []
        while DisplayWidth.of(text(levels: levels)) > width {
            var yielding: Int?
            for (i, field) in fields.enumerated() where levels[i] < field.forms.count {
                let rank = field.forms[levels[i]].rank
                guard rank != Self.keep else { continue }
                if let y = yielding, fields[y].forms[levels[y]].rank < rank { continue }
                yielding = i
            }
            guard let yielding else { return DisplayWidth.prefix(text(levels: levels), columns: width) }
            gaveWay.append((yielding, levels[yielding] + 1, fields[yielding].forms[levels[yielding]].rank))
            levels[yielding] += 1
        }
        // Take back the steps of a lower rank than the last one (the one that made the line
        // fit), latest first, wherever the line still fits.
        let last = gaveWay.last?.rank ?? 0
        for (i, level, rank) in gaveWay.reversed() where rank < last && levels[i] == level {
            levels[i] -= 1
            if DisplayWidth.of(text(levels: levels)) > width { levels[i] += 1 }
        }
        return text(levels: levels)
    }

    /// The line with field `i` in form `levels[i]` (left out past its last form).
    private func text(levels: [Int]) -> String {
        var line = ""
        for (field, level) in zip(fields, levels) where level < field.forms.count {
            if !line.isEmpty { line += field.separator }
            line += field.forms[level].text
        }
        return line
    }
}
