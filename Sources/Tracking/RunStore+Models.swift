import GRDB

extension RunStore {
    /// Registers the next version of model `name` (creating the model on its first version), in
    /// one `IMMEDIATE` write transaction, so concurrent registrations of one name — from threads or
    /// processes — get distinct, consecutive version numbers.
    ///
    /// Inside the transaction, with the version number K chosen (one more than the model's
    /// highest, archived versions included), `install(K)` is called: it puts the artifact in
    /// place (for example renames a finished temporary file to `…/vK/model.mfm`) and returns its
    /// path relative to the store's folder. Then the version row, an `artifact` row of kind
    /// `model` for the run, and the alias (if any, moved from another version if it pointed
    /// there) are written. If `install` or a write throws, nothing is written; the caller removes
    /// whatever `install` put in place.
    ///
    /// - Parameters:
    ///   - version: Lineage, checksum and metrics; `id`, `modelID`, `version`, `state` and
    ///     `artifactPath` are set here.
    ///   - alias: An alias to point at the new version. Callers validate names and aliases.
    /// - Throws: ``StoreError/unknownRun(id:)``, ``StoreError/modelNameDiffersInCase(name:existing:)``,
    ///   errors of `install`, SQLite errors.
    public func registerModelVersion(
        name: String, _ version: ModelVersionRecord, alias: String?, now: Double,
        install: (Int) throws -> String
    ) throws -> ModelVersionRecord {
        try writeImmediate { db in
            guard try Stored<RunRecord>.exists(db, key: version.runID) else {
                throw StoreError.unknownRun(id: version.runID)
            }
            let model: ModelRecord
            if let existing = try Stored<ModelRecord>.filter(ModelRecord.Columns.name == name).fetchOne(db)?.record {
                model = existing
            } else {
                try Self.checkNewModelName(name, db)
                model = ModelRecord(
                    id: try Self.nextID(in: ModelRecord.databaseTableName, db), name: name, createdAt: now)
                try Stored(model).insert(db)
            }
            let highest = try Int.fetchOne(
                db, sql: "SELECT MAX(version) FROM modelVersion WHERE modelID = ?", arguments: [model.id])
            var record = version
            record.id = try Self.nextID(in: ModelVersionRecord.databaseTableName, db)
            record.modelID = model.id
            record.version = (highest ?? 0) + 1
            record.state = .ready
            record.createdAt = now
            record.artifactPath = try install(record.version)
            try Stored(record).insert(db)
            try Stored(
                ArtifactRecord(
                    id: try Self.nextID(in: ArtifactRecord.databaseTableName, db), runID: record.runID,
                    kind: "model", path: record.artifactPath, sha256: record.sha256, createdAt: now)
            ).insert(db)
            if let alias {
                try Stored(ModelAliasRecord(modelID: model.id, alias: alias, version: record.version, updatedAt: now))
                    .insert(db, onConflict: .replace)
            }
            return record
        }
    }

    /// Points `alias` of model `name` at `version`, moving it if it pointed elsewhere.
    ///
    /// - Returns: The version it pointed at before, if any.
    /// - Throws: ``StoreError/unknownModel(name:known:)``,
    ///   ``StoreError/unknownModelVersion(name:version:known:)``,
    ///   ``StoreError/archivedModelVersion(name:version:)``.
    @discardableResult
    public func setModelAlias(name: String, version: Int, alias: String, now: Double) throws -> Int? {
        try writeImmediate { db in
            let model = try Self.model(named: name, db)
            let target = try Self.version(version, of: model, db)
            guard target.state == .ready else {
                throw StoreError.archivedModelVersion(name: name, version: version)
            }
            let previous = try Stored<ModelAliasRecord>.fetchOne(db, key: ["modelID": model.id, "alias": alias])?.record
            try Stored(ModelAliasRecord(modelID: model.id, alias: alias, version: version, updatedAt: now))
                .insert(db, onConflict: .replace)
            return previous?.version
        }
    }

    /// Deletes `alias` of model `name`.
    ///
    /// - Returns: The version it pointed at.
    /// - Throws: ``StoreError/unknownModel(name:known:)``,
    ///   ``StoreError/unknownModelAlias(name:alias:known:)``.
    @discardableResult
    public func deleteModelAlias(name: String, alias: String) throws -> Int {
        try writeImmediate { db in
            let model = try Self.model(named: name, db)
            guard
                let existing = try Stored<ModelAliasRecord>.fetchOne(db, key: ["modelID": model.id, "alias": alias])?
                    .record
            else {
                throw StoreError.unknownModelAlias(name: name, alias: alias, known: try Self.aliasList(model, db))
            }
            try Stored(existing).delete(db)
            return existing.version
        }
    }

    /// Archives version `version` of model `name`: it stays loadable by number and keeps its
    /// lineage, but `latest` skips it and no alias may point at it.
    ///
    /// - Returns: False if it was already archived.
    /// - Throws: ``StoreError/unknownModel(name:known:)``,
    ///   ``StoreError/unknownModelVersion(name:version:known:)``,
    ///   ``StoreError/modelVersionHasAliases(name:version:aliases:)``.
    @discardableResult
    public func archiveModelVersion(name: String, version: Int) throws -> Bool {
        try writeImmediate { db in
            let model = try Self.model(named: name, db)
            var target = try Self.version(version, of: model, db)
            guard target.state == .ready else { return false }
            let aliases = try Stored<ModelAliasRecord>.filter(ModelAliasRecord.Columns.modelID == model.id)
                .filter(ModelAliasRecord.Columns.version == version).order(ModelAliasRecord.Columns.alias)
                .fetchAll(db).map(\.record.alias)
            guard aliases.isEmpty else {
                throw StoreError.modelVersionHasAliases(name: name, version: version, aliases: aliases)
            }
            target.state = .archived
            try Stored(target).update(db)
            return true
        }
    }

    // MARK: - Reads

    /// Every model, by name.
    public func models() throws -> [ModelRecord] {
        try read { db in try Stored<ModelRecord>.order(ModelRecord.Columns.name).fetchAll(db).map(\.record) }
    }

    /// The model named `name`.
    ///
    /// - Throws: ``StoreError/unknownModel(name:known:)``.
    public func model(named name: String) throws -> ModelRecord {
        try read { db in try Self.model(named: name, db) }
    }

    /// A model's versions, oldest first.
    public func modelVersions(modelID: Int64) throws -> [ModelVersionRecord] {
        try read { db in
            try Stored<ModelVersionRecord>.filter(ModelVersionRecord.Columns.modelID == modelID)
                .order(ModelVersionRecord.Columns.version).fetchAll(db).map(\.record)
        }
    }

    /// A model's aliases, by name.
    public func modelAliases(modelID: Int64) throws -> [ModelAliasRecord] {
        try read { db in
            try Stored<ModelAliasRecord>.filter(ModelAliasRecord.Columns.modelID == modelID)
                .order(ModelAliasRecord.Columns.alias).fetchAll(db).map(\.record)
        }
    }

    /// The version of model `name` that `selector` picks.
    ///
    /// - Throws: ``StoreError/unknownModel(name:known:)``,
    ///   ``StoreError/unknownModelVersion(name:version:known:)``,
    ///   ``StoreError/unknownModelAlias(name:alias:known:)``,
    ///   ``StoreError/noReadyModelVersion(name:)``.
    public func resolveModel(name: String, _ selector: ModelSelector) throws -> ModelVersionRecord {
        try read { db in
            let model = try Self.model(named: name, db)
            switch selector {
            case .version(let k):
                return try Self.version(k, of: model, db)
            case .alias(let alias):
                guard
                    let row = try Stored<ModelAliasRecord>.fetchOne(db, key: ["modelID": model.id, "alias": alias])?
                        .record
                else {
                    throw StoreError.unknownModelAlias(name: name, alias: alias, known: try Self.aliasList(model, db))
                }
                return try Self.version(row.version, of: model, db)
            case .latest:
                guard
                    let latest = try Stored<ModelVersionRecord>.filter(ModelVersionRecord.Columns.modelID == model.id)
                        .filter(ModelVersionRecord.Columns.state == ModelVersionRecord.State.ready.rawValue)
                        .order(ModelVersionRecord.Columns.version.desc).fetchOne(db)?.record
                else { throw StoreError.noReadyModelVersion(name: name) }
                return latest
            }
        }
    }

    /// Row counts of the registry's tables (and `artifact`), for checks that a failed command
    /// changed nothing.
    public func registryCounts() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in ["model", "modelVersion", "modelAlias", "artifact"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
            }
            return counts
        }
    }

    /// Checks that `name` can be registered: it is a model already, or no model's name differs
    /// from it only in case (their artifact folders would be one folder on a case-insensitive
    /// file system, such as macOS's default, and one model's files would replace the other's).
    ///
    /// ``registerModelVersion(name:_:alias:now:install:)`` checks this too; this is for failing
    /// before any work is done.
    ///
    /// - Throws: ``StoreError/modelNameDiffersInCase(name:existing:)``.
    public func checkModelName(_ name: String) throws {
        try read { db in
            guard try Stored<ModelRecord>.filter(ModelRecord.Columns.name == name).fetchCount(db) == 0 else { return }
            try Self.checkNewModelName(name, db)
        }
    }

    // MARK: - Internals

    /// Throws if a model's name equals `name` ignoring (ASCII) case; `name` is not a model yet.
    static func checkNewModelName(_ name: String, _ db: Database) throws {
        if let existing = try String.fetchOne(
            db, sql: "SELECT name FROM model WHERE name = ? COLLATE NOCASE ORDER BY name LIMIT 1", arguments: [name])
        {
            throw StoreError.modelNameDiffersInCase(name: name, existing: existing)
        }
    }

    static func model(named name: String, _ db: Database) throws -> ModelRecord {
        if let model = try Stored<ModelRecord>.filter(ModelRecord.Columns.name == name).fetchOne(db)?.record {
            return model
        }
        throw StoreError.unknownModel(
            name: name, known: try String.fetchAll(db, sql: "SELECT name FROM model ORDER BY name"))
    }

    static func version(_ k: Int, of model: ModelRecord, _ db: Database) throws -> ModelVersionRecord {
        if let row = try Stored<ModelVersionRecord>.filter(ModelVersionRecord.Columns.modelID == model.id)
            .filter(ModelVersionRecord.Columns.version == k).fetchOne(db)?.record
        {
            return row
        }
        throw StoreError.unknownModelVersion(
            name: model.name, version: k,
            known: try Int.fetchAll(
                db, sql: "SELECT version FROM modelVersion WHERE modelID = ? ORDER BY version", arguments: [model.id]))
    }

    static func aliasList(_ model: ModelRecord, _ db: Database) throws -> [String] {
        try Stored<ModelAliasRecord>.filter(ModelAliasRecord.Columns.modelID == model.id)
            .order(ModelAliasRecord.Columns.alias).fetchAll(db).map { "\($0.record.alias) → v\($0.record.version)" }
    }
}
