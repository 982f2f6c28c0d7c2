import Agents
import Core
public import Factorization
import Foundation
public import Ratings
import Search
public import Tracking

/// `mfsweep promote`: refits a run's config on all of its sweep's data, writes the model file
/// beside the store and registers it as the next version of a named model, with lineage.
///
/// The file is written to a temporary file in the model's folder and flushed; inside the
/// store's write transaction that allocates version K it is renamed to
/// `artifacts/NAME/vK/model.mfm`. If the registration fails, the file is removed, so the store
/// and the folder never disagree.
public struct Promoter {
    /// Which run to promote.
    public enum Source: Sendable, Equatable {
        /// Run `number` of `sweep` (nil: the store's only sweep).
        case run(sweep: String?, number: Int)
        /// The best finished run of a sweep by its metric and goal.
        case best(sweep: String)
    }

    /// What a promotion did.
    public struct Outcome: Sendable {
        /// The registered version.
        public var version: ModelVersionRecord
        /// The model file, as a path from the current folder.
        public var artifactPath: String
        /// The sweep's metric name and the run's value.
        public var metricName: String
        /// Whether the artifact has item titles.
        public var titlesFile: String?
        /// The side features the refit was given (the sweep's `data.features`); nil without.
        public var features: SideFeatures? = nil
    }

    /// The store: a SQLite file or a PostgreSQL URL.
    public var storePath: String
    /// Where to write model files instead of the default place (beside a SQLite store, inside a
    /// PostgreSQL one): a folder every host mounts at the same path (`--artifacts DIR`).
    public var artifactsFolder: String? = nil
    /// The model's name (validated by ``ModelNaming``).
    public var name: String
    /// An alias to point at the new version.
    public var alias: String?
    /// The tool's version, recorded in the lineage.
    public var toolVersion: String
    /// Training threads.
    public var threads: Int
    /// Progress and notes, for standard error.
    public var log: (String) -> Void
    /// Called after each logged refit step with (step, steps, train OMSE).
    public var progress: (Int, Int, Double) -> Void

    /// A promoter; nothing happens until ``promote(_:)``.
    public init(
        storePath: String, name: String, alias: String?, toolVersion: String, threads: Int = Processors.available,
        log: @escaping (String) -> Void = { _ in }, progress: @escaping (Int, Int, Double) -> Void = { _, _, _ in }
    ) {
        self.storePath = storePath
        self.name = name
        self.alias = alias
        self.toolVersion = toolVersion
        self.threads = threads
        self.log = log
        self.progress = progress
    }

    /// Validates the name and alias, finds the run, refits, writes and registers.
    ///
    /// - Throws: ``RegistryError`` for bad input (name, run) and when the refit diverges,
    ///   ``StoreError`` for a missing store or sweep, ``SweepError`` for changed data, ``MemoryPlanError`` for a refit the machine cannot hold, store and file errors otherwise. Nothing is registered or left on
    ///   disk when it throws.
    public func promote(_ source: Source) throws -> Outcome {
        try ModelNaming.validateName(name)
        if let alias { try ModelNaming.validateAlias(alias) }
        let store = try RunStore.existing(at: storePath)
        try store.checkModelName(name)
        let (sweep, run) = try Self.findRun(source, in: store)
        let spec = try StoredSweep.decode(sweep.specJSON, sweep: sweep.name)
        guard !spec.runsCommand else {
            throw RegistryError.commandSweep(sweep.name)
        }
        guard let config = ConfigCoding.decode(run.configJSON) else {
            throw RegistryError.unreadableConfig(sweep: sweep.name, number: run.number, json: run.configJSON)
        }
        let h: Hyperparameters
        do {
            h = try Hyperparameters(config)
        } catch {
            throw RegistryError.invalidConfig(sweep: sweep.name, number: run.number, reason: "\(error)")
        }

        let loaded = try SweepData.load(spec, of: sweep, cache: StoreLocation.ratingsCache(store: storePath))
        let table = loaded.table
        let fingerprint = sweep.fingerprint
        // Side features for embedding_nn, loaded as the runs loaded them.
        let features = try SweepData.features(spec, of: loaded)
        if let features {
            try SideFeatureRequest.check(model: h.model)
            log(features.summary)
        }
        log(
            "refit: run \(sweep.name)/\(run.number) on all \(table.count) ratings (\(table.userCount) users, \(table.itemCount) items), "
                + (h.isMiniBatch ? "\(h.epochs) epochs of batches of \(h.batchSize)" : "\(h.steps) steps")
        )
        let clock = ContinuousClock()
        let start = clock.now
        // A refit that cannot be indexed or fit in memory is refused before anything is allocated.
        try ObservedRatings.checkCount(table.count)
        try MemoryPlan.training(
            ratings: table.count, users: table.userCount, items: table.itemCount, folds: 1, hyperparameters: h,
            threads: threads
        ).check()
        let fold = ObservedRatings(table).fold(0)
        let result = LockstepTrainer(
            hyperparameters: h, folds: [fold], seed: spec.seed, threads: threads, features: features?.features
        ).run(
            logEvery: max(1, h.steps / 50),
            onLog: { step in
                if let f = step.folds.first { progress(step.step + 1, step.steps, f.losses.omse) }
            })
        let seconds = start.duration(to: clock.now).inSeconds
        if let diverged = result.diverged {
            throw RegistryError.refitDiverged(sweep: sweep.name, number: run.number, reason: diverged)
        }
        let trainOMSE = result.folds[0].trainOMSE

        let (titles, titlesFile) = Self.titles(for: spec, itemIDs: table.itemIDs, log: log)
        let folds = try store.foldResults(runID: run.id)
        let metrics = CVMetrics(
            metric: spec.metric.name, goal: spec.metric.goal.rawValue, value: run.summaryMetric,
            folds: folds.map { .init(fold: $0.fold, trainOMSE: $0.trainOMSE, testOMSE: $0.testOMSE) })
        let metricsJSON = ConfigCoding.json(metrics)
        let now = Date().timeIntervalSince1970
        let lineage = Lineage(
            name: name, sweep: sweep.name, run: run.number, config: run.configJSON, dataFingerprint: fingerprint,
            metrics: metrics, refitTrainOMSE: trainOMSE, refitSteps: result.folds[0].steps, toolVersion: toolVersion,
            createdAt: now,
            ratingRange: table.ratings.min().flatMap { lo in table.ratings.max().map { [Double(lo), Double($0)] } })
        // The refit made one model of the config's kind: a dot model or a network.
        let trained: TrainedModel =
            result.networks.first.map { .embeddingNN($0, features: features?.features) } ?? .dot(result.models[0])
        let artifact = ModelArtifact(
            model: trained, userIDs: table.userIDs, itemIDs: table.itemIDs, titles: titles,
            seen: SeenItems(users: table.users, items: table.items, userCount: table.userCount),
            configJSON: run.configJSON, dataFingerprint: fingerprint, metadataJSON: ConfigCoding.json(lineage))
        let bytes = artifact.encoded()
        let sha = ArtifactFiles.sha256(bytes)

        let draft = ModelVersionRecord(
            sweepID: sweep.id, sweepName: sweep.name, runID: run.id, runNumber: run.number,
            configJSON: run.configJSON,
            dataFingerprint: fingerprint, metricsJSON: metricsJSON, refitTrainOMSE: trainOMSE,
            refitSteps: result.folds[0].steps, refitSeconds: seconds, sha256: sha, byteCount: bytes.count,
            toolVersion: toolVersion, createdAt: now)
        let record = try register(draft, bytes: bytes, in: store, now: now)
        let shownPath =
            ArtifactLocation.isInDatabase(record.artifactPath)
            ? "\(record.artifactPath) in \(store.path)"
            : ArtifactLocation.resolve(record.artifactPath, storePath: store.path)
        return Outcome(
            version: record, artifactPath: shownPath, metricName: spec.metric.name, titlesFile: titlesFile,
            features: features?.features)
    }

    /// Registers the next version with its file: kept in the database of a PostgreSQL store
    /// (in the registration's transaction), or written to a temporary file and renamed into
    /// place inside it (beside a SQLite store, or under ``artifactsFolder``).
    private func register(
        _ draft: ModelVersionRecord, bytes: [UInt8], in store: RunStore, now: Double
    ) throws -> ModelVersionRecord {
        if artifactsFolder == nil && store.isPostgres {
            return try store.registerModelVersion(name: name, draft, alias: alias, now: now, storing: bytes) { k in
                ArtifactLocation.databasePrefix + ArtifactLocation.relativePath(name: name, version: k)
            }
        }
        // Under --artifacts DIR the store records absolute paths, so every host finds them.
        let root = artifactsFolder.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let folder = root.map { $0 + "/" + name } ?? ArtifactLocation.modelFolder(storePath: storePath, name: name)
        let temporary = try ArtifactFiles.writeTemporary(bytes, in: folder)
        let temporaryID = ArtifactFiles.fileID(temporary)
        var installed: String?
        do {
            return try store.registerModelVersion(name: name, draft, alias: alias, now: now) { k in
                let recorded =
                    root.map { $0 + "/" + ArtifactLocation.versionPath(name: name, version: k) }
                    ?? ArtifactLocation.relativePath(name: name, version: k)
                let destination = ArtifactLocation.resolve(recorded, storePath: storePath)
                try ArtifactFiles.install(temporary, at: destination)
                installed = destination
                return recorded
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            // The transaction is over, so another promote may own version K now: remove only our
            // own file, and the folder only if it is empty.
            if let installed, let temporaryID { ArtifactFiles.uninstall(installed, id: temporaryID) }
            throw error
        }
    }

    /// The sweep and run that `source` names.
    static func findRun(_ source: Source, in store: RunStore) throws -> (SweepRecord, RunRecord) {
        switch source {
        case .run(let name, let number):
            let record = try store.sweep(name)
            guard let run = try store.run(sweepID: record.id, number: number) else {
                throw RegistryError.noRun(sweep: record.name, number: number)
            }
            guard run.state == .finished else {
                throw RegistryError.runNotFinished(sweep: record.name, number: number, state: run.state)
            }
            return (record, run)
        case .best(let name):
            let record = try store.sweep(name)
            let spec = try StoredSweep.decode(record.specJSON, sweep: record.name)
            let finished = try store.runs(sweepID: record.id).filter {
                $0.state == .finished && $0.summaryMetric?.isFinite == true
            }
            var best: RunRecord?
            for run in finished
            where best == nil || spec.metric.isBetter(run.summaryMetric!, than: best!.summaryMetric!) {
                best = run
            }
            guard let best else {
                throw RegistryError.noFinishedRun(sweep: record.name, metric: spec.metric.name)
            }
            return (record, best)
        }
    }

    /// Item titles from `u.item` or `movies.csv` beside the sweep's ratings file, by item row
    /// ("" for items without one), and the file they came from.
    static func titles(for spec: SweepSpec, itemIDs: IDMap, log: (String) -> Void) -> ([String], String?) {
        let none = [String](repeating: "", count: itemIDs.count)
        guard case .file(let path, _, _)? = spec.data else { return (none, nil) }
        let folder = (path as NSString).deletingLastPathComponent
        for candidate in ["u.item", "movies.csv"] {
            let file = (folder.isEmpty ? "." : folder) + "/" + candidate
            guard FileManager.default.fileExists(atPath: file) else { continue }
            do {
                let byID = try ItemTitles.load(path: file)
                return (itemIDs.rawIDs.map { byID[$0] ?? "" }, file)
            } catch {
                log("note: no titles: \(error)")
            }
        }
        return (none, nil)
    }
}
