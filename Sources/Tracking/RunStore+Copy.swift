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

            var summary = CopySummary()
            var sweepIDs: [Int64: Int64] = [:]
            var nextSweep = try db.nextID(in: SweepRecord.table)
            for var sweep in snapshot.sweeps {
                sweepIDs[sweep.id] = nextSweep
                sweep.id = nextSweep
                nextSweep += 1
                try db.insert(sweep)
                summary.sweeps += 1
            }
            var runIDs: [Int64: Int64] = [:]
            var nextRun = try db.nextID(in: RunRecord.table)
            for run in snapshot.runs {
                runIDs[run.id] = nextRun
                nextRun += 1
            }
            for var run in snapshot.runs {
                run.id = runIDs[run.id]!
                run.sweepID = sweepIDs[run.sweepID]!
                run.retryOf = run.retryOf.flatMap { runIDs[$0] }
                try db.insert(run)
                summary.runs += 1
            }
            for chunkStart in stride(from: 0, to: snapshot.metrics.count, by: 200) {
                let chunk = snapshot.metrics[chunkStart..<min(chunkStart + 200, snapshot.metrics.count)]
                let rows = Array(repeating: "(?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
                try db.execute(
                    "INSERT INTO metric (runID, step, fold, name, value) VALUES \(rows)",
                    chunk.flatMap { metric -> [SQLValue] in
                        var copied = metric
                        copied.runID = runIDs[metric.runID]!
                        return copied.values
                    })
                summary.metrics += chunk.count
            }
            for var fold in snapshot.foldResults {
                fold.runID = runIDs[fold.runID]!
                try db.insert(fold)
                summary.foldResults += 1
            }
            var nextArtifact = try db.nextID(in: ArtifactRecord.table)
            for var artifact in snapshot.artifacts {
                artifact.id = nextArtifact
                nextArtifact += 1
                artifact.runID = runIDs[artifact.runID]!
                if let version = snapshot.versions.first(where: { $0.artifactPath == artifact.path }),
                    let file = files[version.id]
                {
                    artifact.path = file.path
                }
                try db.insert(artifact)
            }
            var modelIDs: [Int64: Int64] = [:]
            var nextModel = try db.nextID(in: ModelRecord.table)
            for var model in snapshot.models {
                modelIDs[model.id] = nextModel
                model.id = nextModel
                nextModel += 1
                try db.insert(model)
                summary.models += 1
            }
            var nextVersion = try db.nextID(in: ModelVersionRecord.table)
            for var version in snapshot.versions {
                let file = files[version.id]
                version.id = nextVersion
                nextVersion += 1
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
                try db.insert(version)
                summary.modelVersions += 1
            }
            for var alias in snapshot.aliases {
                alias.modelID = modelIDs[alias.modelID]!
                try db.insert(alias)
            }
            return summary
        }
    }
}

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
