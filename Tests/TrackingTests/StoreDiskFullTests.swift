import Core
import GRDB
import TestSupport
import Testing

@testable import Tracking

/// A full disk under the store: SQLite's `SQLITE_FULL` (forced here with `max_page_count`, which
/// SQLite reports exactly as a full disk) becomes one line saying where and that what was
/// recorded is safe, and the store stays intact.
@Suite("store: disk full")
struct StoreDiskFullTests {
    @Test func fullDiskIsNamedAndWhatWasRecordedStays() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let path = folder.path("Runs/mfsweep.sqlite")
        let store = try RunStore(path: path)
        let sweep = try store.makeSweep()
        let run = try store.claimed(sweep, at: 0)
        try store.appendMetrics([MetricRecord(runID: run.id, step: 0, name: "loss", value: 1)])
        try store.sqlite!.writer.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        let big = (1...5_000).map { MetricRecord(runID: run.id, step: $0, name: "loss", value: Double($0)) }
        #expect(throws: StoreError.diskFull(path: path)) { try store.appendMetrics(big) }
        do {
            try store.appendMetrics(big)
        } catch let error as StoreError {
            #expect(error.description.hasPrefix("the disk holding the run store \(path) is full ("))
            #expect(error.description.contains("finished runs included, is safe"))
            #expect(!error.description.contains("SQLite error"))
            #expect(error.exitStatus == .failure)
        }
        // The failed transaction was rolled back; what was committed before is all there.
        #expect(try store.metrics(runID: run.id).map(\.step) == [0])
        #expect(try store.integrityCheck() == "ok")
    }
}
