import Foundation
import TestSupport
import Testing

@testable import Tracking

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

    @Test(.enabled(if: TestPostgres.isConfigured, "\(TestPostgres.skipMessage)"))
    func aStoreWrittenByANewerVersionIsRefusedAndLeftAlone() throws {
        let url = try #require(TestPostgres.freshStoreURL())
        let store = try RunStore(path: url)
        _ = try store.makeSweep("kept")
        try store.write { db -> Void in
            try db.execute("INSERT INTO mfsweep_migration (identifier, appliedAt) VALUES ('v99', 0)", [])
        }
        for open in [{ try RunStore(path: url) }, { try RunStore.existingForReading(at: url) }] {
            let error = #expect(throws: StoreError.self) { _ = try open() }
            guard case .newerSchema(_, let unknown)? = error else {
                Issue.record("expected newerSchema, got \(String(describing: error))")
                continue
            }
            #expect(unknown == ["v99"])
        }
        #expect(try store.sweeps().map(\.name) == ["kept"])
    }

    @Test(.enabled(if: TestPostgres.isConfigured, "\(TestPostgres.skipMessage)"))
    func modelFilesAreKeptInChunksAndReadBackWhole() throws {
        let url = try #require(TestPostgres.freshStoreURL())
        let store = try RunStore(path: url)
        let sweep = try store.makeSweep()
        let run = try store.claimed(sweep, at: 1)
        try store.finish(run, at: 2)
        // 2.5 chunks of bytes that differ from chunk to chunk.
        let bytes = (0..<(RunStore.chunkSize * 5 / 2)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 20) }
        let draft = ModelVersionRecord(
            sweepID: sweep.id, sweepName: sweep.name, runID: run.id, runNumber: run.number, configJSON: "{}",
            dataFingerprint: "fp", metricsJSON: "{}", refitTrainOMSE: nil, refitSteps: 1, refitSeconds: 0,
            sha256: "x", byteCount: bytes.count, toolVersion: "t", createdAt: 3)
        let record = try store.registerModelVersion(name: "mf", draft, alias: nil, now: 3, storing: bytes) { k in
            "db:artifacts/mf/v\(k)/model.mfm"
        }
        #expect(record.artifactPath == "db:artifacts/mf/v1/model.mfm")
        let chunks = try store.read { db in
            try db.scalar("SELECT COUNT(*) FROM artifactChunk WHERE path = ?", [.text(record.artifactPath)])
        }
        #expect(chunks == 3)
        #expect(try store.artifactBytes(path: record.artifactPath) == bytes)
        #expect(try store.artifactBytes(path: "db:artifacts/mf/v2/model.mfm") == nil)
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
