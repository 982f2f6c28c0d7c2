import Foundation
import GRDB
import TestSupport
import Testing

@testable import Tracking

/// The model registry: versions, aliases, archive, resolution, and concurrent registrations.
@Suite struct RunStoreModelsTests {
    /// A sweep with one finished run; returns the run.
    static func finishedRun(_ store: RunStore, sweep name: String = "s") throws -> RunRecord {
        let (sweep, _) = try store.createOrResumeSweep(name: name, specJSON: "{}", fingerprint: "fp", now: 0)
        guard
            case .claimed(let run) = try store.claimRun(
                sweepID: sweep.id, agent: agentA, now: 1, heartbeatGrace: 3600, maxRetries: 1, countLimit: nil,
                propose: { _ in #"{"emb_dim":3}"# })
        else { throw StoreError.unknownSweep(id: sweep.id) }
        try store.finishRun(
            runID: run.id, agent: agentA, state: .finished, summaryMetric: 0.9, folds: [], error: nil, steps: 10,
            seconds: 1, now: 2)
        return run
    }

    static func draft(_ run: RunRecord, sha: String = "ab") -> ModelVersionRecord {
        ModelVersionRecord(
            sweepID: run.sweepID, sweepName: "s", runID: run.id, runNumber: run.number, configJSON: run.configJSON,
            dataFingerprint: "fp", metricsJSON: "{}", refitTrainOMSE: 0.5, refitSteps: 10, refitSeconds: 0.1,
            sha256: sha, byteCount: 100, toolVersion: "test", createdAt: 0)
    }

    @discardableResult
    static func register(_ store: RunStore, _ run: RunRecord, name: String = "mf", alias: String? = nil) throws
        -> ModelVersionRecord
    {
        try store.registerModelVersion(name: name, draft(run), alias: alias, now: 3) {
            "artifacts/\(name)/v\($0)/model.mfm"
        }
    }

    @Test(arguments: StoreKind.allCases)
    func versionsCountFromOnePerModelWithLineage(kind: StoreKind) throws {
        try withStore(kind) { store in
            let run = try Self.finishedRun(store)
            let v1 = try Self.register(store, run, alias: "champion")
            let v2 = try Self.register(store, run)
            let other = try Self.register(store, run, name: "other")
            let versions: [Int] = [v1.version, v2.version, other.version]
            #expect(versions == [1, 2, 1])
            #expect(v2.artifactPath == "artifacts/mf/v2/model.mfm" && v2.state == .ready && v2.runID == run.id)
            #expect(try store.models().map(\.name) == ["mf", "other"])
            #expect(try store.resolveModel(name: "mf", .alias("champion")).version == 1)
            #expect(try store.resolveModel(name: "mf", .latest).version == 2)
            #expect(try store.resolveModel(name: "mf", .version(1)) == v1)
            #expect(
                try store.artifacts(runID: run.id).map(\.path) == [
                    "artifacts/mf/v1/model.mfm", "artifacts/mf/v2/model.mfm", "artifacts/other/v1/model.mfm",
                ])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aFailedInstallOrUnknownRunWritesNothing(kind: StoreKind) throws {
        struct InstallFailed: Error {}
        try withStore(kind) { store in
            let run = try Self.finishedRun(store)
            try Self.register(store, run, alias: "champion")
            let before = try store.registryCounts()
            #expect(throws: InstallFailed.self) {
                try store.registerModelVersion(name: "new", Self.draft(run), alias: "a", now: 4) { _ in
                    throw InstallFailed()
                }
            }
            var missing = Self.draft(run)
            missing.runID = 999
            #expect(throws: StoreError.unknownRun(id: 999)) {
                try store.registerModelVersion(name: "mf", missing, alias: nil, now: 4) { "x/v\($0)" }
            }
            #expect(try store.registryCounts() == before)
            #expect(try store.resolveModel(name: "mf", .latest).version == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aNameThatDiffersOnlyInCaseIsRefused(kind: StoreKind) throws {
        try withStore(kind) { store in
            let run = try Self.finishedRun(store)
            try Self.register(store, run, name: "movie-MF")
            let before = try store.registryCounts()
            // artifacts/Movie-mf and artifacts/movie-MF are one folder on macOS: v1 would replace v1.
            let clash = StoreError.modelNameDiffersInCase(name: "Movie-mf", existing: "movie-MF")
            #expect(throws: clash) { try Self.register(store, run, name: "Movie-mf") }
            #expect(throws: clash) { try store.checkModelName("Movie-mf") }
            #expect(try store.registryCounts() == before)
            try store.checkModelName("movie-MF")
            try store.checkModelName("movie-mf2")
            #expect(try Self.register(store, run, name: "movie-MF").version == 2)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aliasesMoveDeleteAndArchiveRules(kind: StoreKind) throws {
        try withStore(kind) { store in
            let run = try Self.finishedRun(store)
            for _ in 0..<3 { try Self.register(store, run) }
            #expect(try store.setModelAlias(name: "mf", version: 1, alias: "champion", now: 5) == nil)
            #expect(try store.setModelAlias(name: "mf", version: 3, alias: "champion", now: 6) == 1)
            #expect(try store.resolveModel(name: "mf", .alias("champion")).version == 3)
            #expect(try store.modelAliases(modelID: 1).map(\.alias) == ["champion"])

            // A version with an alias can't be archived; without, it can, and `latest` skips it.
            #expect(throws: StoreError.modelVersionHasAliases(name: "mf", version: 3, aliases: ["champion"])) {
                try store.archiveModelVersion(name: "mf", version: 3)
            }
            #expect(try store.deleteModelAlias(name: "mf", alias: "champion") == 3)
            #expect(throws: StoreError.unknownModelAlias(name: "mf", alias: "champion", known: [])) {
                try store.deleteModelAlias(name: "mf", alias: "champion")
            }
            #expect(try store.archiveModelVersion(name: "mf", version: 3))
            #expect(try store.archiveModelVersion(name: "mf", version: 3) == false)
            #expect(try store.resolveModel(name: "mf", .latest).version == 2)
            #expect(try store.resolveModel(name: "mf", .version(3)).state == .archived)
            #expect(throws: StoreError.archivedModelVersion(name: "mf", version: 3)) {
                try store.setModelAlias(name: "mf", version: 3, alias: "staging", now: 7)
            }
            // Versions are never reused: the next one is 4.
            #expect(try Self.register(store, run).version == 4)
            try store.archiveModelVersion(name: "mf", version: 4)
            try store.archiveModelVersion(name: "mf", version: 2)
            try store.archiveModelVersion(name: "mf", version: 1)
            #expect(throws: StoreError.noReadyModelVersion(name: "mf")) { try store.resolveModel(name: "mf", .latest) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func unknownNamesListWhatExists(kind: StoreKind) throws {
        try withStore(kind) { store in
            #expect(throws: StoreError.unknownModel(name: "mf", known: [])) {
                try store.resolveModel(name: "mf", .latest)
            }
            let run = try Self.finishedRun(store)
            try Self.register(store, run, alias: "champion")
            try Self.register(store, run)
            #expect(throws: StoreError.unknownModel(name: "x", known: ["mf"])) { try store.model(named: "x") }
            #expect(throws: StoreError.unknownModelVersion(name: "mf", version: 7, known: [1, 2])) {
                try store.resolveModel(name: "mf", .version(7))
            }
            #expect(throws: StoreError.unknownModelAlias(name: "mf", alias: "prod", known: ["champion → v1"])) {
                try store.resolveModel(name: "mf", .alias("prod"))
            }
            // Bound arguments: a quote in a name is just a character that matches nothing.
            #expect(throws: StoreError.unknownModel(name: "x' OR '1'='1", known: ["mf"])) {
                try store.resolveModel(name: "x' OR '1'='1", .latest)
            }
        }
    }

    @Test(arguments: StoreKind.shared)
    func concurrentRegistrationsOfOneNameGetDistinctVersions(kind: StoreKind) throws {
        try withStoreLocation(kind) { path in try concurrentRegistrations(path: path) }
    }

    private func concurrentRegistrations(path: String) throws {
        let run = try Self.finishedRun(try RunStore(path: path))
        let found = Found()
        let threads = (0..<6).map { _ in
            Thread {
                do {
                    // Each writer has its own store, so its own SQLite connections.
                    let store = try RunStore(path: path)
                    for _ in 0..<4 {
                        let record = try store.registerModelVersion(
                            name: "mf", Self.draft(run), alias: "champion", now: 1
                        ) { k in
                            found.installed(k)
                            return "artifacts/mf/v\(k)/model.mfm"
                        }
                        found.registered(record.version)
                    }
                } catch {
                    found.failed(error)
                }
                found.done()
            }
        }
        for thread in threads { thread.start() }
        found.wait(for: 6)
        #expect(found.errors.isEmpty, "\(found.errors)")
        #expect(found.versions.sorted() == Array(1...24))
        #expect(found.installs.sorted() == Array(1...24), "install ran once per version, never for a rolled-back one")
        let store = try RunStore(path: path)
        #expect(try store.modelVersions(modelID: 1).map(\.version) == Array(1...24))
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func aV1StoreGainsTheRegistry() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let path = folder.path("v1.sqlite")
        try makeV1Store(
            at: path,
            rows: """
                INSERT INTO sweep (id, name, specJSON, fingerprint, state, createdAt) VALUES (1, 'old', '{}', 'fp', 'running', 5);
                INSERT INTO run (id, sweepID, number, configJSON, state, agentID, host, pid, startedAt, summaryMetric)
                    VALUES (1, 1, 1, '{"n":1}', 'finished', 'a', 'h', 7, 6, 0.5);
                """)
        // A read-only open does not migrate: it says the store needs the full open.
        #expect(try RunStore.openForReading(path: path) == nil)
        let store = try RunStore(path: path)
        #expect(StoreMigrations.migrator.migrations == ["v1", "v2"])
        #expect(try store.registryCounts() == ["model": 0, "modelVersion": 0, "modelAlias": 0, "artifact": 0])
        let run = try #require(try store.run(id: 1))
        #expect(try Self.register(store, run, alias: "champion").version == 1)
        #expect(try store.integrityCheck() == "ok")

        // Now migrated: a read-only open resolves models and refuses writes.
        let reader = try #require(try RunStore.openForReading(path: path))
        #expect(try reader.resolveModel(name: "mf", .alias("champion")).version == 1)
        #expect(throws: (any Error).self) { try Self.register(reader, run) }
        #expect(try store.registryCounts()["modelVersion"] == 1)
    }
}

/// What the writer threads saw, behind a lock.
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition` is locked.
private final class Found: @unchecked Sendable {
    private let condition = NSCondition()
    private var _versions: [Int] = []
    private var _installs: [Int] = []
    private var _errors: [String] = []
    private var finished = 0

    var versions: [Int] { locked { _versions } }
    var installs: [Int] { locked { _installs } }
    var errors: [String] { locked { _errors } }
    func registered(_ v: Int) { locked { _versions.append(v) } }
    func installed(_ v: Int) { locked { _installs.append(v) } }
    func failed(_ e: any Error) { locked { _errors.append("\(e)") } }
    func done() {
        locked {
            finished += 1
            condition.broadcast()
        }
    }
    func wait(for count: Int) { locked { while finished < count { condition.wait() } } }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}
