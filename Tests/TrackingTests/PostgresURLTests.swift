import Core
import Testing
import Tracking

/// Parsing `postgres://` store URLs, and never showing their passwords.
@Suite struct PostgresURLTests {
    @Test func parsesEveryPart() throws {
        let url = try #require(
            try PostgresURL(
                parsing: "postgres://ann:s%40cret@db.example.org:6543/runs?sslmode=require&schema=Team_A",
                environment: [:]))
        #expect(url.user == "ann" && url.password == "s@cret")
        #expect(url.host == "db.example.org" && url.port == 6543 && url.database == "runs")
        #expect(url.tls == .require && url.schema == "team_a")
        #expect(url.redacted == "postgres://ann@db.example.org:6543/runs?schema=team_a&sslmode=require")
        #expect(!url.redacted.contains("cret"))
    }

    @Test func defaultsAndTheEnvironment() throws {
        let url = try #require(
            try PostgresURL(parsing: "postgresql://bob@[::1]/db", environment: ["PGPASSWORD": "pw"]))
        #expect(url.host == "::1" && url.port == 5432 && url.password == "pw" && url.schema == "public")
        #expect(url.tls == .prefer)
        #expect(url.redacted == "postgres://bob@[::1]:5432/db")
        let noUser = try #require(try PostgresURL(parsing: "postgres://127.0.0.1/db", environment: ["PGUSER": "carol"]))
        #expect(noUser.user == "carol" && noUser.password == nil)
    }

    @Test func aPathIsNotAURL() throws {
        #expect(try PostgresURL(parsing: "Runs/mfsweep.sqlite") == nil)
        #expect(try PostgresURL(parsing: "/tmp/postgres/store.sqlite") == nil)
    }

    @Test(
        arguments: [
            ("postgres://u:hunter2@h:99999/db", "port '99999' is not a number from 1 to 65535"),
            ("postgres://u:hunter2@h:5432", "it names no database"),
            ("postgres://u:hunter2@:5432/db", "it names no host"),
            ("postgres://u:hunter2@h/db?sslmode=maybe", "sslmode 'maybe' is not one of"),
            ("postgres://u:hunter2@h/db?schema=1x", "schema '1x' must be"),
            ("postgres://u:hunter2@h/db?colour=red", "unknown option 'colour'"),
        ])
    func aBadURLSaysWhatIsWrongWithoutThePassword(text: String, reason: String) throws {
        let error = #expect(throws: StoreError.self) { try PostgresURL(parsing: text, environment: [:]) }
        let message = try #require(error).description
        #expect(message.contains(reason), "\(message)")
        #expect(message.hasPrefix("bad store URL postgres://u@"), "\(message)")
        #expect(!message.contains("hunter2"), "\(message)")
        #expect(try #require(error).exitStatus == .invalidInput)
    }
}
