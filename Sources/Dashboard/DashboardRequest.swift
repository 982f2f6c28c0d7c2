import Foundation

/// A GET request as the dashboard routes it: the path's segments (percent-decoded) and the
/// query's parameters in order (a name may repeat).
public struct DashboardRequest: Sendable {
    /// The path's segments, without empty ones: `/sweeps/a%20b` is `["sweeps", "a b"]`.
    public var segments: [String]
    /// The query's parameters, decoded, in order.
    public var query: [(name: String, value: String)]

    /// A request for `path` (percent-encoded, as sent) with `query` already decoded.
    public init(path: String, query: [(name: String, value: String)] = []) {
        segments = path.split(separator: "/").map { String($0).removingPercentEncodingOrSelf }
        self.query = query
    }

    /// The first value of parameter `name`, if given and not empty.
    public func value(_ name: String) -> String? {
        query.first { $0.name == name && !$0.value.isEmpty }?.value
    }

    /// Every value of parameter `name`.
    public func values(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }
}

extension String {
    /// The string with its percent escapes decoded, or itself when they are malformed.
    var removingPercentEncodingOrSelf: String { removingPercentEncoding ?? self }
}
