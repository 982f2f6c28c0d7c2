import Core
import Reports

/// A sweep's runs table as the query asks for it: filtered by state, by a parameter's range and
/// by the metric's range, sorted by a column, one page at a time (never all 10,000 rows).
///
/// Query parameters: `state`, `param` with `param_min` / `param_max`, `metric_min` /
/// `metric_max`, `sort` (`number`, `state`, `metric`, `steps`, `seconds`, or a parameter's name),
/// `order` (`asc` or `desc`), `page` (from 1) and `per_page` (1…500, default 50).
struct RunsQuery: Equatable {
    var state: String?
    var parameter: String?
    var parameterMin: Double?
    var parameterMax: Double?
    var metricMin: Double?
    var metricMax: Double?
    var sort = "number"
    var descending = false
    var page = 1
    var perPage = 50

    static let maxPerPage = 500

    init() {}

    /// The query of `request`; a value that is not a number is ignored.
    init(_ request: DashboardRequest) {
        state = request.value("state")
        parameter = request.value("param")
        parameterMin = request.value("param_min").flatMap(Double.init)
        parameterMax = request.value("param_max").flatMap(Double.init)
        metricMin = request.value("metric_min").flatMap(Double.init)
        metricMax = request.value("metric_max").flatMap(Double.init)
        sort = request.value("sort") ?? "number"
        descending = request.value("order") == "desc"
        page = max(1, request.value("page").flatMap { Int($0) } ?? 1)
        perPage = min(Self.maxPerPage, max(1, request.value("per_page").flatMap { Int($0) } ?? 50))
    }

    /// The runs that pass the filters, sorted (runs without the sort key last, then by number).
    func filtered(_ runs: [RunSummary]) -> [RunSummary] {
        let kept = runs.filter { run in
            if let state, run.state != state { return false }
            if let parameter, parameterMin != nil || parameterMax != nil {
                guard let v = run.config[parameter]?.number else { return false }
                if let lo = parameterMin, v < lo { return false }
                if let hi = parameterMax, v > hi { return false }
            }
            if metricMin != nil || metricMax != nil {
                guard let m = run.metric, m.isFinite else { return false }
                if let lo = metricMin, m < lo { return false }
                if let hi = metricMax, m > hi { return false }
            }
            return true
        }
        return kept.sorted { a, b in
            switch (key(a), key(b)) {
            case (nil, nil): return a.number < b.number
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?):
                if x == y { return a.number < b.number }
                return descending ? y < x : x < y
            }
        }
    }

    /// One page of `runs` (filtered and sorted) and the number of matching runs.
    func page(of runs: [RunSummary]) -> (runs: [RunSummary], total: Int) {
        let all = filtered(runs)
        let start = min(all.count, (page - 1) * perPage)
        return (Array(all[start..<min(all.count, start + perPage)]), all.count)
    }

    /// The sort key of `run`.
    private func key(_ run: RunSummary) -> SortKey? {
        switch sort {
        case "number": return .number(Double(run.number))
        case "state": return .text(run.state)
        case "metric": return run.metric.flatMap { $0.isNaN ? nil : .number($0) }
        case "steps": return run.steps.map { .number(Double($0)) }
        case "seconds": return run.seconds.map { .number($0) }
        default:
            guard let value = run.config[sort] else { return nil }
            if let n = value.number { return .number(n) }
            return .text(value.description)
        }
    }

    private enum SortKey: Comparable {
        case number(Double)
        case text(String)
    }

    /// The query string of this query with `changes` applied (for sort and page links).
    func queryString(_ changes: [String: String] = [:]) -> String {
        var items: [(String, String)] = []
        if let state { items.append(("state", state)) }
        if let parameter { items.append(("param", parameter)) }
        if let parameterMin { items.append(("param_min", "\(parameterMin)")) }
        if let parameterMax { items.append(("param_max", "\(parameterMax)")) }
        if let metricMin { items.append(("metric_min", "\(metricMin)")) }
        if let metricMax { items.append(("metric_max", "\(metricMax)")) }
        items.append(("sort", sort))
        if descending { items.append(("order", "desc")) }
        if page > 1 { items.append(("page", "\(page)")) }
        if perPage != 50 { items.append(("per_page", "\(perPage)")) }
        for (name, value) in changes {
            items.removeAll { $0.0 == name }
            if !value.isEmpty { items.append((name, value)) }
        }
        return items.map { "\($0.0)=\(PageLayout.queryValue($0.1))" }.joined(separator: "&")
    }
}
