/// Fixed-point number formatting without Foundation (the kernel module has none).
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

    /// A duration in seconds as `42s`, `3m05s` or `1h02m`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + pad2(s % 60) + "s" }
        return "\(s / 3600)h" + pad2((s % 3600) / 60) + "m"
    }

    private static func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
