public import Core
import Foundation

/// The one place numbers become short text: four significant digits, for live lines, report
/// cells and chart labels.
public enum NumberFormat {
    /// `value` in at most `digits` significant digits, as C's `%g` writes it: `0.01235`, `2.5`,
    /// `1.235e+04`; `nan`, `inf`, `-inf`.
    public static func significant(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        return printf("%.\(max(1, digits))g", value)
    }

    /// `v` as `%.Nf` prints it for N = `decimals`, without a format string in the common case
    /// (a chart of 10,000 runs writes hundreds of thousands of coordinates).
    ///
    /// `v · 10ᴺ` is rounded in binary; below 10¹⁵ its error is at most half a unit in the last
    /// place, so it can only reach a tie of the printed digit by landing on it exactly. Values
    /// within 10⁻⁶ of a tie are left to `printf`, which rounds the exact decimal expansion.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        guard (0...6).contains(decimals) else { return printf("%.\(decimals)f", v) }
        let scale = powersOfTen[decimals]
        let scaled = v * Double(scale)
        let floor = scaled.rounded(.down)
        guard abs(scaled) < 1e15, abs(scaled - floor - 0.5) > 1e-6 else {
            return printf("%.\(decimals)f", v)
        }
        let magnitude = Int(scaled.rounded(.toNearestOrAwayFromZero)).magnitude
        let sign = v < 0 || (v == 0 && v.sign == .minus) ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(magnitude)" }
        let fraction = String(magnitude % UInt(scale))
        let zeros = String(repeating: "0", count: decimals - fraction.utf8.count)
        return "\(sign)\(magnitude / UInt(scale)).\(zeros)\(fraction)"
    }

    private static let powersOfTen = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]

    /// `value` as C's `printf` writes it with `format` (one `double` conversion, as `%.4f` or
    /// `%.3gk`): what `String(format:)` gives, at a fraction of its cost, for the hundreds of
    /// thousands of numbers a chart of 10,000 runs writes.
    public static func printf(_ format: String, _ value: Double) -> String {
        withVaList([value]) { args in
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
                let n = Int(vsnprintf(buffer.baseAddress!, 64, format, args))
                guard n >= 0, n < 64 else { return String(format: format, value) }
                return String(
                    decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: n), as: UTF8.self)
            }
        }
    }

    /// A parameter value for a person: doubles (also inside lists) in four significant digits;
    /// integers, booleans and strings as written.
    public static func parameter(_ value: ParameterValue) -> String {
        switch value {
        case .double(let d): significant(d)
        case .list(let items): "[" + items.map(parameter).joined(separator: ", ") + "]"
        case .int, .bool, .string: value.description
        }
    }
}
