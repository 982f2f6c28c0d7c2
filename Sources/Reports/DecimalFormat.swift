/// Fixed-point number formatting (`fixed(0.88834, 3)` is `0.888`), for the training report.
enum DecimalFormat {
    /// `value` with exactly `digits` decimals (`fixed(0.88834, 3)` = `"0.888"`), `nan`, `inf`.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return "\(value)" }
        let n = Int(scaled)
        let sign = value < 0 && n != 0 ? "-" : ""
        let whole = n / Int(scale)
        guard digits > 0 else { return sign + "\(whole)" }
        var frac = String(n % Int(scale))
        while frac.count < digits { frac = "0" + frac }
        return sign + "\(whole).\(frac)"
    }
}
