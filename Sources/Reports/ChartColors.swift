import Foundation

/// Colours of the HTML report's charts.
enum ChartColors {
    /// Matplotlib's tab10, for categories (folds, runs).
    static let categorical = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf",
    ]

    /// A categorical colour by index (cycling).
    static func category(_ i: Int) -> String { categorical[i % categorical.count] }

    /// Viridis from dark purple (`t = 0`) to yellow-green (`t = 1`), cut before its pale yellow
    /// end so every colour reads on white.
    static func viridis(_ t: Double) -> String {
        let stops: [(Double, Double, Double)] = [
            (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (170, 220, 50),
        ]
        let u = min(1, max(0, t.isFinite ? t : 0)) * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(u))
        let f = u - Double(i)
        let a = stops[i]
        let b = stops[i + 1]
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * f).rounded()) }
        // "#rrggbb", as `%02x` writes each channel.
        var bytes: [UInt8] = [UInt8(ascii: "#")]
        for channel in [mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2)] {
            bytes.append(hexDigits[(channel >> 4) & 15])
            bytes.append(hexDigits[channel & 15])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
