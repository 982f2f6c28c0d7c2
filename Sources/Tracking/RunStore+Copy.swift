extension RunStore {
    /// What ``copy(from:files:)`` copied.
    public struct CopySummary: Sendable, Hashable, CustomStringConvertible {
        /// Sweeps, runs, metric values, fold results, models and model versions copied.
        public var sweeps = 0, runs = 0, metrics = 0, foldResults = 0, models = 0, modelVersions = 0

        /// `3 sweeps, 120 runs, …, 2 models and 3 model versions`.
        public var description: String {
            func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
            return [
                count(sweeps, "sweep"), count(runs, "run"), count(metrics, "metric value"),
                count(foldResults, "fold result"), count(models, "model"),
            ].joined(separator: ", ") + " and " + count(modelVersions, "model version")
        }
    }

    /// Where a copied model version's file goes: the path to record, and the bytes to keep in
    /// the database (nil when the file is already in place).
    public struct CopiedFile: Sendable {
        /// The path the destination records.
        public var path: String
        /// The bytes to keep in the destination database, or nil.
        public var bytes: [UInt8]?

        /// A file recorded at `path`, with `bytes` to store in the database.
        public init(path: String, bytes: [UInt8]?) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// Copies every sweep (with its runs, metric history, fold results and artifact rows) and
    /// every model (with its versions and aliases) of `source` into this store, in one write
    /// transaction: all of it or, if anything fails, nothing.
    ///
    /// Rows get new ids in this store (references follow them); numbers, names, configs,
    /// states, times and values are copied as they are, and metric values keep their order.
    ///
    /// - Parameter files: For each source model version id, where its file goes (see
    ///   ``CopiedFile``); versions not listed keep their recorded path.
    /// - Throws: ``StoreError/copyClash(kind:names:)`` if a sweep or model of `source` has a
    ///   name this store already uses (nothing is copied).
    @discardableResult
    public func copy(from source: RunStore, files: [Int64: CopiedFile] = [:]) throws -> CopySummary {
        let snapshot = try source.read { db in try CopySnapshot(db) }
        return try write { db in
            let sweepClashes = try db.fetch(SweepRecord.self).map(\.name).filter(
                Set(snapshot.sweeps.map(\.name)).contains)
            guard sweepClashes.isEmpty else { throw StoreError.copyClash(kind: "sweep", names: sweepClashes.sorted()) }
            let modelClashes = try db.fetch(ModelRecord.self).map(\.name).filter(
                Set(snapshot.models.map(\.name)).contains)
            guard modelClashes.isEmpty else { throw StoreError.copyClash(kind: "model", names: modelClashes.sorted()) }

            // Ids in snapshot order, so a reference (a retry's `retryOf`) always points back to
            // a row already renumbered.
            let sweepIDs = try Self.insertRenumbered(snapshot.sweeps, db) { _, _ in }
            let runIDs = try Self.insertRenumbered(snapshot.runs, db) { run, ids in
                run.sweepID = sweepIDs[run.sweepID]!
                run.retryOf = run.retryOf.flatMap { ids[$0] }
            }
            try Self.insertMetrics(
                snapshot.metrics.map { metric in
                    var copied = metric
                    copied.runID = runIDs[metric.runID]!
                    return copied
                }, db)
            for var fold in snapshot.foldResults {
                fold.runID = runIDs[fold.runID]!
                try db.insert(fold)
            }
            let versionOfPath = Dictionary(
                snapshot.versions.map { ($0.artifactPath, $0.id) }, uniquingKeysWith: { first, _ in first })
            _ = try Self.insertRenumbered(snapshot.artifacts, db) { artifact, _ in
                artifact.runID = runIDs[artifact.runID]!
                if let file = versionOfPath[artifact.path].flatMap({ files[$0] }) { artifact.path = file.path }
            }
            let modelIDs = try Self.insertRenumbered(snapshot.models, db) { _, _ in }
            _ = try Self.insertRenumbered(snapshot.versions, db) { version, _ in
                let file = files[version.id]
                version.modelID = modelIDs[version.modelID]!
                version.sweepID = sweepIDs[version.sweepID]!
                version.runID = runIDs[version.runID]!
                if let file {
                    version.artifactPath = file.path
                    if let bytes = file.bytes {
                        precondition(isPostgres, "only a PostgreSQL store keeps model files in the database")
                        try Self.insertChunks(bytes, path: file.path, db)
                    }
                }
            }
            for var alias in snapshot.aliases {
                alias.modelID = modelIDs[alias.modelID]!
                try db.insert(alias)
            }
            return CopySummary(
                sweeps: snapshot.sweeps.count, runs: snapshot.runs.count, metrics: snapshot.metrics.count,
                foldResults: snapshot.foldResults.count, models: snapshot.models.count,
                modelVersions: snapshot.versions.count)
        }
    }

    /// Inserts `records` with consecutive new ids after this store's largest, each after
    /// `adjust` (which sees the ids given so far, and the record's old id still in place)
    /// rewrote its references; returns old id → new id.
    private static func insertRenumbered<R: StoredRecord & Identified>(
        _ records: [R], _ db: any StoreConnection, adjust: (inout R, [Int64: Int64]) throws -> Void
    ) throws -> [Int64: Int64] {
        var ids: [Int64: Int64] = [:]
        var next = try db.nextID(in: R.table)
        for var record in records {
            ids[record.id] = next
            try adjust(&record, ids)
            record.id = next
            next += 1
            try db.insert(record)
        }
        return ids
    }
}

/// A record whose table is keyed by a store-assigned `id`.
private protocol Identified {
    var id: Int64 { get set }
}

extension SweepRecord: Identified {}
extension RunRecord: Identified {}
extension ArtifactRecord: Identified {}
extension ModelRecord: Identified {}
extension ModelVersionRecord: Identified {}

/// Every row of a store, read in one snapshot, in the order a copy writes them.
private struct CopySnapshot {
    var sweeps: [SweepRecord]
    var runs: [RunRecord]
    var metrics: [MetricRecord]
    var foldResults: [FoldResultRecord]
    var artifacts: [ArtifactRecord]
    var models: [ModelRecord]
    var versions: [ModelVersionRecord]
    var aliases: [ModelAliasRecord]

    init(_ db: any StoreConnection) throws {
        sweeps = try db.fetch(SweepRecord.self, orderBy: "id")
        runs = try db.fetch(RunRecord.self, orderBy: "id")
        metrics = try db.fetch(MetricRecord.self, orderBy: "runID, step, \(db.dialect.insertionOrder)")
        foldResults = try db.fetch(FoldResultRecord.self, orderBy: "runID, fold")
        artifacts = try db.fetch(ArtifactRecord.self, orderBy: "id")
        models = try db.fetch(ModelRecord.self, orderBy: "id")
        versions = try db.fetch(ModelVersionRecord.self, orderBy: "id")
        aliases = try db.fetch(ModelAliasRecord.self, orderBy: "modelID, alias")
    }
}
