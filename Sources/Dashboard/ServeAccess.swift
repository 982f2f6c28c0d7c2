/// Who may read the dashboard: on a loopback address anyone on this machine (unless a token is
/// given), on any other address only a request carrying the token, generated when none is given.
public struct ServeAccess: Sendable, Equatable {
    /// The address to bind.
    public let host: String
    /// The token requests must carry, if any.
    public let token: String?
    /// Whether the token was generated here (then it is printed once).
    public let generated: Bool

    /// The access for `host` with `token` (nil: none given).
    ///
    /// - Throws: ``ServeError`` (exit 64) for an empty host or a token shorter than 16
    ///   characters or holding characters other than letters, digits, `-` and `_`.
    public init(host: String, token: String?) throws {
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" }) else {
            throw ServeError(option: "--host", "expected an address such as 127.0.0.1, got '\(host)'")
        }
        if let token {
            guard token.count >= 16,
                token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            else {
                throw ServeError(option: "--token", "use at least 16 letters, digits, '-' or '_'")
            }
        }
        self.host = host
        if token == nil && !Self.isLoopback(host) {
            var g = SystemRandomNumberGenerator()
            self.token = (0..<4).map { _ in String(g.next(), radix: 16).leftPadded(to: 16) }.joined()
            generated = true
        } else {
            self.token = token
            generated = false
        }
    }

    /// Whether `host` is a loopback address (only this machine can connect).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Whether `candidate` is the token, compared in constant time.
    func accepts(_ candidate: String?) -> Bool {
        guard let token else { return true }
        guard let candidate else { return false }
        let a = Array(token.utf8)
        let b = Array(candidate.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// The lines `serve` prints once it listens on `port`.
    public func banner(port: Int, store: String) -> String {
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        var url = "http://\(shownHost):\(port)/"
        if let token, generated { url += "?token=\(token)" }
        var lines = ["serving \(url) (store \(store), read-only); stop with Ctrl-C"]
        if generated {
            lines.append("a token is required on a non-loopback address; it is printed only this once")
        } else if token != nil {
            lines.append("requests need the token: open \(url)?token=… once, or send 'Authorization: Bearer …'")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
