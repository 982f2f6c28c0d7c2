import Dashboard
import Foundation
import TestSupport
import Testing
import Tracking

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `serve` over a real socket: the headers, the read-only methods, and the token.
@Suite struct DashboardServerTests {
    /// The `mfsweep` executable built beside the test runner.
    static func executable() throws -> URL {
        var folder = try #require(Bundle.main.executableURL).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("mfsweep")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "mfsweep beside the test runner"])
    }

    /// Runs `mfsweep serve` on the store at `path` with `extra` arguments on a free port (a
    /// process of its own, as users run it), runs `body` with its base URL, then stops it.
    static func withServer(
        _ path: String, _ extra: [String] = [], _ body: (String) async throws -> Void
    ) async throws {
        try await withServerProcess(path, extra) { base, _ in try await body(base) }
    }

    /// ``withServer(_:_:_:)``, with the server's process id.
    static func withServerProcess(
        _ path: String, _ extra: [String] = [], _ body: (String, Int32) async throws -> Void
    ) async throws {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = ["serve", "--store", path, "--port", "0"] + extra
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var banner = Data()
        while !banner.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += chunk
        }
        let line = String(decoding: banner, as: UTF8.self)
        let url = try #require(line.split(separator: " ").dropFirst().first, "serve printed \(line)")
        try await body(String(url.split(separator: "/").prefix(2).joined(separator: "//")), process.processIdentifier)
    }

    /// `method` on `url` with `headers`: the status, the headers and the body.
    static func fetch(
        _ url: String, method: String = "GET", headers: [String: String] = [:]
    ) async throws -> (status: Int, headers: [String: String], body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let session = URLSession(configuration: .ephemeral)
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { fields[String(describing: k).lowercased()] = String(describing: v) }
        return (http.statusCode, fields, String(decoding: data, as: UTF8.self))
    }

    @Test func pagesCarryAPolicyThatRunsNoScriptButTheDashboards() async throws {
        let (f, _, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        try await Self.withServer(f.storePath) { base in
            let page = try await Self.fetch(base + "/sweeps/alpha")
            #expect(page.status == 200)
            let policy = try #require(page.headers["content-security-policy"])
            #expect(policy.contains("script-src 'self'") && policy.contains("default-src 'none'"))
            #expect(page.headers["x-content-type-options"] == "nosniff")
            #expect(page.body.contains("&lt;img src=x onerror=alert(1)&gt;"))
            let script = try await Self.fetch(base + "/assets/dashboard.js")
            #expect(script.status == 200 && script.headers["content-type"]?.hasPrefix("text/javascript") == true)
            let api = try await Self.fetch(base + "/api/sweeps/alpha/progress")
            #expect(api.status == 200 && api.body.contains("\"finished\":3"))
        }
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH"])
    func everyMethodButGetIsRefused(_ method: String) async throws {
        let (f, _, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        try await Self.withServer(f.storePath) { base in
            let answer = try await Self.fetch(base + "/sweeps/alpha", method: method)
            #expect(answer.status == 405)
            #expect(answer.headers["allow"] == "GET, HEAD")
        }
    }

    @Test func aTokenIsNeededInTheQueryACookieOrTheAuthorizationHeader() async throws {
        let (f, _, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        let token = "0123456789abcdef-token"
        try await Self.withServer(f.storePath, ["--token", token]) { base in
            #expect(try await Self.fetch(base + "/").status == 401)
            #expect(try await Self.fetch(base + "/api/sweeps").status == 401)
            #expect(try await Self.fetch(base + "/?token=wrong-token-0123456789").status == 401)
            let opened = try await Self.fetch(base + "/?token=\(token)")
            #expect(opened.status == 200)
            let cookie = try #require(opened.headers["set-cookie"])
            #expect(cookie.contains("mfsweep_token=\(token)") && cookie.contains("HttpOnly"))
            let byCookie = try await Self.fetch(base + "/models", headers: ["Cookie": "mfsweep_token=\(token)"])
            #expect(byCookie.status == 200)
            let byHeader = try await Self.fetch(base + "/api/models", headers: ["Authorization": "Bearer \(token)"])
            #expect(byHeader.status == 200)
        }
    }

    /// The threads that read the store and draw pages run at `--nice` (so agents on the same
    /// machine come first); the process itself keeps its priority.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/task")))
    func pagesAreDrawnAtTheNiceValueGiven() async throws {
        let (f, _, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        try await Self.withServerProcess(f.storePath, ["--nice", "7"]) { base, pid in
            #expect(try await Self.fetch(base + "/sweeps/alpha").status == 200)
            let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")
            // Field 19 of stat, the 17th after the parenthesised command name.
            func nice(_ statPath: String) throws -> Int {
                let stat = try String(contentsOfFile: statPath, encoding: .utf8)
                return Int(stat[stat.range(of: ")")!.upperBound...].split(separator: " ")[16])!
            }
            let nices = try tasks.map { try nice("/proc/\(pid)/task/\($0)/stat") }
            #expect(nices.contains(7), "\(nices)")
            // The drawing threads are the server's own, and keep that nice after a page.
            let drawing = try tasks.filter {
                try String(contentsOfFile: "/proc/\(pid)/task/\($0)/comm", encoding: .utf8).hasPrefix("mfsweep-draw-")
            }
            #expect(!drawing.isEmpty)
            #expect(try drawing.allSatisfy { try nice("/proc/\(pid)/task/\($0)/stat") == 7 })
            // The process keeps the nice it started with (this test's).
            #expect(try nice("/proc/\(pid)/stat") == nice("/proc/self/stat"))
        }
        let refused = Process()
        refused.executableURL = try Self.executable()
        refused.arguments = ["serve", "--store", f.storePath, "--nice", "20"]
        let errors = Pipe()
        refused.standardError = errors
        try refused.run()
        refused.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(refused.terminationStatus == 64)
        #expect(
            message.hasPrefix("error: --nice must be in 0...19 (got 20)") && message.split(separator: "\n").count == 1)
    }

    @Test func anAddressOtherThanLoopbackGetsAGeneratedTokenPrintedOnce() throws {
        let local = try ServeAccess(host: "127.0.0.1", token: nil)
        #expect(local.token == nil && !local.generated)
        let open = try ServeAccess(host: "0.0.0.0", token: nil)
        let token = try #require(open.token)
        #expect(open.generated && token.count == 64 && token.allSatisfy(\.isHexDigit))
        #expect(try ServeAccess(host: "0.0.0.0", token: nil).token != token)
        #expect(open.banner(port: 8080, store: "s.sqlite").contains("http://0.0.0.0:8080/?token=\(token)"))
        let given = try ServeAccess(host: "0.0.0.0", token: "my-own-token-0123")
        #expect(given.token == "my-own-token-0123" && !given.generated)
        #expect(!given.banner(port: 8080, store: "s").contains("my-own-token-0123"))
        #expect(throws: ServeError.self) { try ServeAccess(host: "127.0.0.1", token: "short") }
        #expect(throws: ServeError.self) { try ServeAccess(host: "127.0.0.1", token: "has spaces in the token") }
        #expect(
            ServeAccess.isLoopback("127.0.0.2") && ServeAccess.isLoopback("::1") && !ServeAccess.isLoopback("10.0.0.1"))
    }
}
