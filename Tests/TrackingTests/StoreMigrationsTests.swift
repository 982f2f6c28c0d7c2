import Foundation
import GRDB
import TestSupport
import Testing

@testable import Tracking

@Suite struct StoreMigrationsTests {
    /// The migrations that have shipped, in order. A new migration is appended here too.
    static let shipped = ["v1", "v2"]

    @Test func migrationsAreAppendOnly() {
        // Shipped migrations keep their names and order; new ones go at the end.
        let migrations = StoreMigrations.migrator.migrations
        #expect(migrations.starts(with: ["v1"]))
        #expect(migrations == Self.shipped, "a new migration ships: add it to `shipped`")
        // Named v1, v2, … in order, none skipped.
        #expect(migrations == (1...migrations.count).map { "v\($0)" })
    }

    /// Every migration opens a store left by the one before it: the store ends on the latest.
    @Test(arguments: StoreMigrations.migrator.migrations.dropLast())
    func opensAStoreMadeByAnEarlierMigration(_ last: String) throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let path = folder.path("\(last).sqlite")
        do {
            let old = try DatabasePool(path: path)
            try StoreMigrations.migrator.migrate(old, upTo: last)
            let applied = try old.read { db in try StoreMigrations.migrator.completedMigrations(db) }
            #expect(applied.last == last)
            #expect(try !old.read(StoreMigrations.migrator.hasCompletedMigrations))
            try old.close()
        }
        let store = try RunStore(path: path)
        let applied = try store.sqlite!.writer.read { db in try StoreMigrations.migrator.completedMigrations(db) }
        #expect(applied == StoreMigrations.migrator.migrations)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func opensADatabaseMadeByV1WithTheCurrentMigrator() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let path = folder.path("v1.sqlite")
        try makeV1Store(
            at: path,
            rows: """
                INSERT INTO sweep (id, name, specJSON, fingerprint, state, createdAt)
                    VALUES (1, 'old', '{}', 'fp', 'running', 5);
                INSERT INTO run (id, sweepID, number, configJSON, state, agentID, host, pid,
                    heartbeatAt, startedAt, finishedAt, summaryMetric)
                    VALUES (1, 1, 1, '{"n":1}', 'finished', 'a', 'h', 7, 8, 6, 9, 0.5);
                INSERT INTO metric (runID, step, fold, name, value) VALUES (1, 0, NULL, 'loss', 2.0);
                INSERT INTO foldResult (runID, fold, trainOMSE, testOMSE, steps) VALUES (1, 0, 0.1, 0.2, 3);
                INSERT INTO artifact (id, runID, kind, path, sha256, createdAt) VALUES (1, 1, 'model', 'm', 'ab', 9);
                """)

        // Made by v1: every later migration is still to run.
        let before = try DatabaseQueue(path: path)
        #expect(try before.read { db in try StoreMigrations.migrator.completedMigrations(db) } == ["v1"])
        try before.close()

        let store = try RunStore(path: path)
        let applied = try store.sqlite!.writer.read { db in
            try StoreMigrations.migrator.hasCompletedMigrations(db)
        }
        #expect(applied)
        // Migrated to the latest: every migration, in order.
        let completed = try store.sqlite!.writer.read { db in try StoreMigrations.migrator.completedMigrations(db) }
        #expect(completed == StoreMigrations.migrator.migrations)
        let sweep = try #require(try store.sweep(named: "old"))
        let runs = try store.runs(sweepID: sweep.id)
        #expect(runs.map(\.summaryMetric) == [0.5])
        #expect(
            try store.metrics(runID: 1) == [MetricRecord(runID: 1, step: 0, name: "loss", value: 2)]
        )
        #expect(try store.foldResults(runID: 1).map(\.testOMSE) == [0.2])
        #expect(try store.artifacts(runID: 1).map(\.path) == ["m"])
        #expect(try store.claimed(sweep, at: 10).number == 2)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func refusesAStoreWrittenByANewerVersion() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let path = folder.path("newer.sqlite")
        do {
            let newer = try DatabaseQueue(path: path)
            try StoreMigrations.migrator.migrate(newer)
            try newer.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99')")
            }
            try newer.close()
        }
        #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v99"])) {
            try RunStore(path: path)
        }
    }
}

/// A store file at `path` as migration v1 left it, holding `rows` (SQL written in v1's terms).
func makeV1Store(at path: String, rows: String) throws {
    let old = try DatabasePool(path: path)
    try StoreMigrations.migrator.migrate(old, upTo: "v1")
    try old.write { db in try db.execute(sql: rows) }
    try old.close()
}
