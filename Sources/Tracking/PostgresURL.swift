import Foundation

/// A PostgreSQL store's address: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?OPTIONS]`
/// (`postgresql://` too), as libpq's URIs spell it.
///
/// Options: `sslmode=disable|prefer|require|verify-full` (default `prefer`: TLS when the server
/// offers it) and `schema=NAME` (default `public`): several stores can share one database, one
/// per schema. The password may come from `$PGPASSWORD` instead of the URL. ``redacted`` — the
/// only form mfsweep ever prints — leaves the password out.
public struct PostgresURL: Sendable, Hashable {
    /// How the connection uses TLS.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    /// The role to log in as.
    public var user: String
    /// The password, from the URL or `$PGPASSWORD`.
    public var password: String?
    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The database.
    public var database: String
    /// The schema that holds the store's tables.
    public var schema: String
    /// TLS.
    public var tls: TLSMode

    /// Parses `text` if it is a PostgreSQL URL; nil if it is not one (a SQLite path).
    ///
    /// - Throws: ``StoreError/badStoreURL(url:reason:)`` for a `postgres://` URL that is
    ///   malformed, saying what is wrong.
    /// - Parameter environment: Where `PGPASSWORD` and `PGUSER` come from (the process's own
    ///   environment when nil).
    public init?(parsing text: String, environment: [String: String]? = nil) throws {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let lowered = text.lowercased()
        guard let scheme = ["postgres://", "postgresql://"].first(where: { lowered.hasPrefix($0) }) else { return nil }
        var rest = Substring(text.dropFirst(scheme.count))
        let shown = Self.redact(text)
        func bad(_ reason: String) -> StoreError { StoreError.badStoreURL(url: shown, reason: reason) }

        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw bad("it names no database (…/DATABASE)") }
        let authority = rest[..<slash]
        database = try Self.decode(rest[rest.index(after: slash)...], what: "the database", bad)
        guard !database.isEmpty else { throw bad("it names no database (…/DATABASE)") }
        guard !database.contains("/") else { throw bad("the database name '\(database)' contains '/'") }

        var hostPart = authority
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            hostPart = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = try Self.decode(credentials[..<colon], what: "the user", bad)
                password = try Self.decode(credentials[credentials.index(after: colon)...], what: "the password", bad)
            } else {
                user = try Self.decode(credentials, what: "the user", bad)
            }
        } else {
            user = environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        }
        guard !user.isEmpty else { throw bad("the user is empty") }
        if password == nil, let fromEnvironment = environment["PGPASSWORD"], !fromEnvironment.isEmpty {
            password = fromEnvironment
        }

        port = 5432
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw bad("the IPv6 address has no closing ']'") }
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            let after = hostPart[hostPart.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw bad("unexpected '\(after)' after the IPv6 address") }
                port = try Self.port(after.dropFirst(), bad)
            }
        } else if let colon = hostPart.lastIndex(of: ":") {
            host = String(hostPart[..<colon])
            port = try Self.port(hostPart[hostPart.index(after: colon)...], bad)
        } else {
            host = String(hostPart)
        }
        guard !host.isEmpty else { throw bad("it names no host (USER@HOST)") }

        schema = "public"
        tls = .prefer
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = String(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1], what: "option \(key)", bad) : ""
            switch key {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw bad(
                        "sslmode '\(value)' is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                tls = mode
            case "schema":
                guard Self.isIdentifier(value) else {
                    throw bad("schema '\(value)' must be letters, digits and '_', starting with a letter or '_'")
                }
                schema = value.lowercased()
            default:
                throw bad("unknown option '\(key)' (known: sslmode, schema)")
            }
        }
    }

    /// The URL as shown to people: never with the password.
    public var redacted: String {
        var text = "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        var options: [String] = []
        if schema != "public" { options.append("schema=\(schema)") }
        if tls != .prefer { options.append("sslmode=\(tls.rawValue)") }
        if !options.isEmpty { text += "?" + options.joined(separator: "&") }
        return text
    }

    /// `text` with the password (between `USER:` and `@`) removed, for messages about a URL that
    /// could not be parsed.
    public static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@")
        else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + String(text[at...])
    }

    /// Whether `text` is a PostgreSQL URL (of either scheme).
    public static func isURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    private static func decode(
        _ part: Substring, what: String, _ bad: (String) -> StoreError
    ) throws -> String {
        guard let decoded = String(part).removingPercentEncoding else { throw bad("\(what) has a bad %-escape") }
        return decoded
    }

    private static func port(_ text: Substring, _ bad: (String) -> StoreError) throws -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw bad("port '\(text)' is not a number from 1 to 65535")
        }
        return port
    }

    private static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return text.count <= 63
            && text.unicodeScalars.allSatisfy {
                $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
            }
    }
}
