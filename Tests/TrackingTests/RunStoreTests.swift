import Foundation
import GRDB
import TestSupport
import Testing

@testable import Tracking

@Suite struct RunStoreTests {
    @Test func createsTheParentFolderAndUsesWAL() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let path = folder.path("deep/Runs/mfsweep.sqlite")
        let store = try RunStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(store.path == path)
        let journalMode = try store.sqlite!.writer.read { db in
            try String.fetchOne(db, sql: "PRAGMA journal_mode")
        }
        #expect(journalMode == "wal")
    }

    @Test func keepsDataAcrossReopening() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let path = folder.path("mfsweep.sqlite")
        let sweepID = try RunStore(path: path).makeSweep("kept").id
        let reopened = try RunStore(path: path)
        #expect(try reopened.sweep(named: "kept")?.id == sweepID)
    }

    @Test(arguments: StoreKind.allCases)
    func integrityCheckIsOkForASoundStore(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            _ = try store.claimed(sweep, at: 0)
            #expect(try store.integrityCheck() == "ok")
        }
    }

    @Test func aFileThatIsNotADatabaseGivesAClearErrorAndIsLeftUntouched() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let path = folder.path("mfsweep.sqlite")
        var generator = SystemRandomNumberGenerator()
        let garbage = Data(
            (0..<8192).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        try garbage.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.self) { try RunStore(path: path) }
        guard case .cannotOpen(let errorPath, let reason)? = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(reason.contains("not an SQLite database"))
        #expect(error?.description.hasPrefix("cannot open the run store \(path): ") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func aFolderInPlaceOfTheFileGivesAClearError() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let error = #expect(throws: StoreError.self) { try RunStore(path: folder.url.path) }
        #expect(error?.description.contains("cannot open the run store \(folder.url.path)") == true)
    }
}

extension RunStoreTests {
    @Test func aCorruptDatabaseGivesAClearErrorAndIsLeftUntouched() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let path = folder.path("mfsweep.sqlite")
        do {
            let store = try RunStore(path: path)
            _ = try store.claimed(store.makeSweep(), at: 0)
        }
        // Closing the last connection checkpoints the WAL into the file; now damage the schema
        // page (page 1 after SQLite's 100-byte header) and keep the valid header.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        for index in 100..<1000 { bytes[index] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.self) { try RunStore(path: path) }
        guard case .cannotOpen(path, let reason)? = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(reason.contains("corrupt"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }
}
