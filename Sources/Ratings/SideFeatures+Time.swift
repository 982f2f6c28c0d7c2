extension SideFeatures {
    /// The levels of the categorical time features: `time.month` (`Jan`…`Dec`), `time.weekday`
    /// (`Mon`…`Sun`) and `time.hour` (`0`…`23`), all in UTC. Fixed, so every model has the
    /// same codes.
    public static let timeLevels: [String: [String]] = [
        "month": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        "weekday": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "hour": (0..<24).map(String.init),
    ]

    /// The UTC calendar fields of `timestamp` (seconds since the epoch): the year, the month
    /// (1–12), the weekday (0 Monday … 6 Sunday) and the hour (0–23).
    ///
    /// The civil date is Howard Hinnant's `civil_from_days` (exact for the proleptic Gregorian
    /// calendar), so no `Calendar` or time zone is involved.
    public static func utcFields(_ timestamp: Int64) -> (year: Int, month: Int, weekday: Int, hour: Int) {
        let (days, seconds) = timestamp.quotientAndRemainder(dividingBy: 86_400)
        let day = seconds < 0 ? days - 1 : days
        let secondOfDay = seconds < 0 ? seconds + 86_400 : seconds
        // 1970-01-01 was a Thursday (3 with Monday 0).
        let weekday = Int(((day + 3) % 7 + 7) % 7)
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), weekday, Int(secondOfDay / 3600))
    }

    /// The raw value of time feature `column` (`year`, `month`, `weekday`, `hour`) at
    /// `timestamp`: the year as a number, or the label of a categorical one.
    static func timeValue(_ column: String, at timestamp: Int64) -> (label: String?, number: Double?) {
        let fields = utcFields(timestamp)
        switch column {
        case "year": return (nil, Double(fields.year))
        case "month": return (timeLevels["month"]![fields.month - 1], nil)
        case "weekday": return (timeLevels["weekday"]![fields.weekday], nil)
        default: return (timeLevels["hour"]![fields.hour], nil)
        }
    }

    /// The time features of `columns` for every row of `timestamps`.
    static func timeFeatures(_ columns: [String], timestamps: [Int64]) -> [RawFeature] {
        columns.map { column in
            let name = "time.\(column)"
            if column == "year" {
                return .continuous(name: name, values: timestamps.map { timeValue(column, at: $0).number })
            }
            return .categorical(name: name, values: timestamps.map { timeValue(column, at: $0).label })
        }
    }

    /// The time-feature levels (`Jan`…) replaced by the fixed ones, so codes do not depend on
    /// which months the data happens to hold.
    static func fixingTimeLevels(_ block: Block, timestamps: [Int64]) -> Block {
        var block = block
        for (f, feature) in block.categorical.enumerated() {
            let column = String(feature.name.dropFirst("time.".count))
            guard let levels = timeLevels[column] else { continue }
            let fixed = Categorical(name: feature.name, levels: levels)
            block.categorical[f] = fixed
            for (e, timestamp) in timestamps.enumerated() {
                block.codes[e * block.categorical.count + f] = fixed.code(of: timeValue(column, at: timestamp).label!)
            }
        }
        return block
    }

    /// The rating-level features of a rating made at `timestamp` (seconds since the epoch),
    /// encoded with the stored levels and normalisation: what the model sees for a new rating.
    /// Use ``latestTimestamp`` for "now" as the training data knew it.
    ///
    /// - Returns: one code per ``rating``'s categorical feature and one normalised value per
    ///   continuous feature, in their order.
    public func ratingLevel(at timestamp: Int64) -> (codes: [Int32], values: [Float]) {
        let codes = rating.categorical.map { feature in
            feature.code(of: Self.timeValue(String(feature.name.dropFirst("time.".count)), at: timestamp).label ?? "")
        }
        let values = rating.continuous.map { feature in
            feature.normalise(Self.timeValue(String(feature.name.dropFirst("time.".count)), at: timestamp).number)
        }
        return (codes, values)
    }
}
