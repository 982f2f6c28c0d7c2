/// What the dashboard answers: a status, a content type and a body.
public struct DashboardResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The `Content-Type`.
    public var contentType: String
    /// The body.
    public var body: String

    /// A response.
    public init(status: Int = 200, contentType: String, body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// An HTML page or fragment.
    static func html(_ body: String, status: Int = 200) -> DashboardResponse {
        DashboardResponse(status: status, contentType: "text/html; charset=utf-8", body: body)
    }

    /// A JSON document.
    static func json(_ body: String, status: Int = 200) -> DashboardResponse {
        DashboardResponse(status: status, contentType: "application/json", body: body)
    }
}
