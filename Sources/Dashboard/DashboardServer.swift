import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Serves a ``Dashboard`` over HTTP with Hummingbird: GET and HEAD only, behind the
/// ``ServeAccess`` token check, with headers that keep pages from running any script but the
/// dashboard's own (a Content-Security-Policy) and from being framed or sniffed.
public struct DashboardServer: Sendable {
    /// What is served.
    public let dashboard: Dashboard
    /// Where, and who may read it.
    public let access: ServeAccess
    /// The port (0: any free one; ``run(onListening:)`` reports it).
    public let port: Int
    /// The nice value (0–19) of the threads that read the store and draw pages: 10 by default,
    /// so that on a machine shared with agents the kernel runs the agents first and the
    /// dashboard in their idle time. The threads that answer HTTP keep the process's priority.
    /// (Linux, where nice is per thread; elsewhere it is left as is.)
    public let nice: Int

    /// A server of `dashboard` on `access.host`:`port`.
    public init(dashboard: Dashboard, access: ServeAccess, port: Int, nice: Int = 10) {
        self.dashboard = dashboard
        self.access = access
        self.port = port
        self.nice = min(19, max(0, nice))
    }

    /// The headers of every response.
    static let securityHeaders: HTTPFields = {
        var fields = HTTPFields()
        let pairs: [(String, String)] = [
            (
                "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                    + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
            ),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"),
        ]
        for (name, value) in pairs {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        return fields
    }()

    /// Serves until SIGINT or SIGTERM; `onListening` gets the bound port once it listens.
    public func run(onListening: @escaping @Sendable (Int) -> Void) async throws {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AccessMiddleware(access: access))
        let dashboard = self.dashboard
        // Drawing is CPU-bound; a few more threads than cores let store reads overlap it.
        let drawing = DrawingThreads(count: max(4, ProcessInfo.processInfo.activeProcessorCount), nice: nice)
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            var query: [(name: String, value: String)] = []
            for (name, value) in request.uri.queryParameters {
                query.append((String(name), String(value)))
            }
            let dashboardRequest = DashboardRequest(path: request.uri.path, query: query)
            let answer = await drawing.run { dashboard.respond(to: dashboardRequest) }
            return Self.response(answer)
        }
        router.get("/", use: handler)
        router.get("**", use: handler)
        router.head("/", use: handler)
        router.head("**", use: handler)
        var logger = Logger(label: "mfsweep.serve")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(access.host, port: port), serverName: "mfsweep"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        do {
            try await app.runService()
        } catch let error as IOError {
            throw ServeError(
                option: "--port",
                "cannot listen on \(access.host):\(port): \(String(cString: strerror(error.errnoCode)))")
        }
    }

    static func response(_ answer: DashboardResponse) -> Response {
        var headers = securityHeaders
        headers[.contentType] = answer.contentType
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }
}

/// Refuses every method but GET and HEAD (the dashboard never writes), and, when a token is
/// set, every request without it: in `?token=` (which then sets a cookie), the cookie, or
/// `Authorization: Bearer`.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let access: ServeAccess
    static var cookieName: String { "mfsweep_token" }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            var refused = DashboardServer.response(
                DashboardResponse(
                    status: 405, contentType: "text/plain; charset=utf-8", body: "the dashboard is read-only\n"))
            refused.headers[.allow] = "GET, HEAD"
            return refused
        }
        guard access.token != nil else { return try await next(request, context) }
        if let given = request.uri.queryParameters.get("token"), access.accepts(given) {
            var response = try await next(request, context)
            response.setCookie(
                Cookie(name: Self.cookieName, value: given, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        if access.accepts(request.cookies[Self.cookieName]?.value) { return try await next(request, context) }
        if let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            access.accepts(String(header.dropFirst("Bearer ".count)))
        {
            return try await next(request, context)
        }
        return DashboardServer.response(
            DashboardResponse(
                status: 401, contentType: "text/plain; charset=utf-8",
                body: "a token is required: open the address `mfsweep serve` printed (it ends in ?token=…)\n"))
    }
}
