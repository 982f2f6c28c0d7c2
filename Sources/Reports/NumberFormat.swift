public import Core
import Foundation

/// The one place numbers become short text: four significant digits, for live lines, report
/// cells and chart labels.
public enum NumberFormat {
    /// `value` in at most `digits` significant digits, as C's `%g` writes it: `0.01235`, `2.5`,
    /// `1.235e+04`; `nan`, `inf`, `-inf`.
    public static func significant(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        return String(format: "%.\(max(1, digits))g", value)
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
