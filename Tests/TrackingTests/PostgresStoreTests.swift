import Foundation
import TestSupport
import Testing
import Tracking

/// What only the PostgreSQL backend has: a server to reach, migrations that agents starting
/// together must not race on, schemas, and passwords to keep out of messages. The store's
/// behaviour itself is tested on both backends (``StoreKind``).
@Suite struct PostgresStoreTests {
    @Test(.enabled(if: TestPostgres.isConfigured, "\(TestPostgres.skipMessage)"))
    func sixteenStoresOpeningANewSchemaAtOnceMigrateItOnce() throws {
        let url = try #require(TestPostgres.freshStoreURL())
        let errors = Mutex16()
        let threads = (0..<16).map { index in
            Thread {
                do {
                    let store = try RunStore(path: url)
                    _ = try store.createOrResumeSweep(name: "s", specJSON: "{}", fingerprint: "fp", now: Double(index))
                } catch {
                    errors.add("\(error)")
                }
                errors.done()
            }
        }
        for thread in threads { thread.start() }
        errors.wait(16)
        #expect(errors.messages.isEmpty, "\(errors.messages)")
        let store = try RunStore(path: url)
        #expect(try store.sweeps().map(\.name) == ["s"])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test(.enabled(if: TestPostgres.isConfigured, "\(TestPostgres.skipMessage)"))
    func anEmptySchemaIsNoStoreForCommandsThatOnlyLook() throws {
        let url = try #require(TestPostgres.freshStoreURL())
        let error = #expect(throws: StoreError.self) { try RunStore.existing(at: url) }
        guard case .noStore(let shown)? = error else {
            Issue.record("expected noStore, got \(String(describing: error))")
            return
        }
        #expect(shown.hasPrefix("postgres://") && shown.contains("schema=t_"))
        // Nothing was created by looking.
        #expect(throws: StoreError.self) { try RunStore.existingForReading(at: url) }
    }

    @Test(.enabled(if: TestPostgres.isConfigured, "\(TestPostgres.skipMessage)"))
    func aWrongPasswordOrDatabaseIsOneLineWithoutThePassword() throws {
        let base = try #require(TestPostgres.url)
        let parsed = try #require(try PostgresURL(parsing: base))
        let missing = "postgres://\(parsed.user):topsecret@\(parsed.host):\(parsed.port)/no_such_db_here"
        let error = #expect(throws: StoreError.self) { try RunStore(path: missing) }
        let message = try #require(error).description
        #expect(message.contains("no_such_db_here"), "\(message)")
        #expect(message.contains("does not exist"), "\(message)")
        #expect(!message.contains("topsecret") && !message.contains("\n"), "\(message)")
    }

    @Test func anUnreachableServerSaysWhereItLooked() throws {
        // Port 1 on loopback: nothing listens there.
        let error = #expect(throws: StoreError.self) {
            try RunStore(path: "postgres://someone:pw1234@127.0.0.1:1/runs?sslmode=disable")
        }
        let message = try #require(error).description
        #expect(message.hasPrefix("cannot open the run store postgres://someone@127.0.0.1:1/runs"), "\(message)")
        #expect(message.contains("cannot connect to 127.0.0.1:1"), "\(message)")
        #expect(!message.contains("pw1234"))
    }
}

/// Errors from threads, behind a lock.
private final class Mutex16: @unchecked Sendable {
    private let condition = NSCondition()
    private var _messages: [String] = []
    private var finished = 0

    var messages: [String] {
        condition.lock()
        defer { condition.unlock() }
        return _messages
    }

    func add(_ message: String) {
        condition.lock()
        _messages.append(message)
        condition.unlock()
    }

    func done() {
        condition.lock()
        finished += 1
        condition.broadcast()
        condition.unlock()
    }

    func wait(_ count: Int) {
        condition.lock()
        while finished < count { condition.wait() }
        condition.unlock()
    }
}
