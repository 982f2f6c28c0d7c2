import Foundation

extension RatingsSummary {
    /// A terminal rendering: aligned label/value lines and a bar chart of the histogram.
    ///
    /// ```
    /// ratings      100,000
    /// users        943
    /// …
    /// histogram
    ///   1  ██████▌                        6,110   6.1%
    /// ```
    public func render() -> String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) {
            lines.append(label.padding(toLength: 12, withPad: " ", startingAt: 0) + " " + value)
        }
        row("ratings", Self.grouped(ratings))
        row("users", Self.grouped(users))
        row("items", Self.grouped(items))
        row("density", String(format: "%.4f%%", density * 100))
        row(
            "rating",
            "min \(Self.number(ratingMin)), max \(Self.number(ratingMax)), mean \(String(format: "%.3f", ratingMean))")
        row(
            "per user",
            "min \(Self.grouped(ratingsPerUser.min)), median \(Self.number(ratingsPerUser.median)), max \(Self.grouped(ratingsPerUser.max))"
        )
        row(
            "per item",
            "min \(Self.grouped(ratingsPerItem.min)), median \(Self.number(ratingsPerItem.median)), max \(Self.grouped(ratingsPerItem.max))"
        )
        var times = "\(timestampMin) … \(timestampMax)"
        if let from = Self.date(timestampMin), let to = Self.date(timestampMax) { times += " (\(from) … \(to) UTC)" }
        row("timestamps", times)
        lines.append("histogram")

        let entries: [(label: String, count: Int)]
        switch histogram {
        case .values(let values): entries = values.map { (Self.number($0.value), $0.count) }
        case .bins(let bins):
            entries = bins.map { ("[\(Self.number($0.lo)), \(Self.number($0.hi)))", $0.count) }
        }
        let labelWidth = entries.map(\.label.count).max() ?? 0
        let countWidth = entries.map { Self.grouped($0.count).count }.max() ?? 0
        let largest = entries.map(\.count).max() ?? 0
        let barWidth = 30
        for entry in entries {
            let label = String(repeating: " ", count: labelWidth - entry.label.count) + entry.label
            let bar = Self.bar(Double(entry.count) / Double(Swift.max(largest, 1)) * Double(barWidth))
            let paddedBar = bar + String(repeating: " ", count: barWidth - bar.count)
            let count = Self.grouped(entry.count)
            let share = ratings == 0 ? 0 : Double(entry.count) / Double(ratings) * 100
            lines.append(
                "  \(label)  \(paddedBar)  \(String(repeating: " ", count: countWidth - count.count))\(count)  "
                    + String(format: "%5.1f%%", share))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A bar of `cells` character cells drawn with eighth blocks.
    private static func bar(_ cells: Double) -> String {
        let eighths = Int((cells * 8).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    /// `100,000`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `3` for whole numbers, else up to three decimals without trailing zeros.
    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// `1997-09-20` for a plausible Unix time in seconds (1970–2100), else nil.
    static func date(_ seconds: Int64) -> String? {
        guard seconds >= 0 && seconds < 4_102_444_800 else { return nil }
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = seconds / 86_400 + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04lld-%02lld-%02lld", year, month, day)
    }
}
