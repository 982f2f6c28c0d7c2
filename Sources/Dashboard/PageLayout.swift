import Foundation
import Reports

/// The frame every dashboard page shares: the navigation, the stylesheet and the script, both
/// served from the binary (no inline script, no network), and the helpers pages build with.
enum PageLayout {
    /// A whole page titled `title` around `body` (already escaped HTML). `live` is the JSON
    /// endpoint the page's script polls for live updates, if any.
    static func page(_ title: String, body: String, live: String? = nil) -> String {
        let liveAttribute = live.map { " data-live=\"\(escape($0))\"" } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · mfsweep</title>
            <link rel="stylesheet" href="/assets/dashboard.css">
            <script src="/assets/dashboard.js" defer></script>
            </head><body\(liveAttribute)>
            <nav><a class="brand" href="/">mfsweep</a><a href="/">Sweeps</a><a href="/compare">Compare</a><a href="/models">Models</a></nav>
            <main>
            \(body)
            </main>
            </body></html>
            """
    }

    /// `text` escaped for HTML text and quoted attributes.
    static func escape(_ text: String) -> String { HTML.escape(text) }

    /// `text` percent-encoded as one path segment.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? text
    }

    /// `text` percent-encoded as a query value.
    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryCharacters) ?? text
    }

    private static let segmentCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
    private static let queryCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~:"))

    /// The link to sweep `name`'s page.
    static func sweepLink(_ name: String) -> String {
        "<a href=\"/sweeps/\(escape(segment(name)))\">\(escape(name))</a>"
    }

    /// The path of run `number` of sweep `sweep`.
    static func runPath(_ sweep: String, _ number: Int) -> String { "/sweeps/\(segment(sweep))/runs/\(number)" }

    /// The link to run `number` of sweep `sweep`.
    static func runLink(_ sweep: String, _ number: Int, text: String? = nil) -> String {
        "<a href=\"\(escape(runPath(sweep, number)))\">\(escape(text ?? "run \(number)"))</a>"
    }

    /// A progress bar of `done` out of `total` (`total` unknown: a bar of what is done).
    static func progress(done: Int, total: Int?, id: String? = nil) -> String {
        let fraction = total.map { $0 > 0 ? min(1, Double(done) / Double($0)) : 0 } ?? 1
        let label = total.map { "\(done)/\($0)" } ?? "\(done)"
        let idAttribute = id.map { " id=\"\(escape($0))\"" } ?? ""
        return "<span class=\"progress\"\(idAttribute)><meter min=\"0\" max=\"1\" value=\"\(fraction)\"></meter>"
            + " <span class=\"progress-label\">\(escape(label))</span></span>"
    }

    /// A two-column table of labelled facts (values already escaped HTML).
    static func facts(_ rows: [(String, String)]) -> String {
        "<table class=\"facts\">"
            + rows.map { "<tr><th>\(escape($0.0))</th><td>\($0.1)</td></tr>" }.joined()
            + "</table>"
    }

    /// A number as reports print it, or "-".
    static func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        return SweepReport.number(value)
    }

    /// Seconds as "1h 02m", "3m 04s" or "5.2s".
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "-" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return String(format: "%dm %02ds", s / 60, s % 60) }
        return String(format: "%dh %02dm", s / 3600, (s % 3600) / 60)
    }

    /// A Unix time in ISO 8601, UTC.
    static func time(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        return Date(timeIntervalSince1970: seconds).formatted(Date.ISO8601FormatStyle())
    }

    /// A page saying what was not found.
    static func notFound(_ what: String) -> DashboardResponse {
        .html(page("Not found", body: "<h1>Not found</h1><p class=\"note\">\(escape(what))</p>"), status: 404)
    }
}
