extension RunStore {
    /// Registers the next version of model `name` (creating the model on its first version), in
    /// one write transaction holding the store's write lock, so concurrent registrations of one name — from threads or
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
    ///   - bytes: The model file, to keep in the database (PostgreSQL only) under the path
    ///     `install` returns, in the same transaction; nil when `install` puts a file in place.
    ///   - alias: An alias to point at the new version. Callers validate names and aliases.
    /// - Throws: ``StoreError/unknownRun(id:)``, ``StoreError/modelNameDiffersInCase(name:existing:)``,
    ///   errors of `install`, SQLite errors.
    public func registerModelVersion(
        name: String, _ version: ModelVersionRecord, alias: String?, now: Double, storing bytes: [UInt8]? = nil,
        install: (Int) throws -> String
    ) throws -> ModelVersionRecord {
        precondition(bytes == nil || isPostgres, "only a PostgreSQL store keeps model files in the database")
        return try write { db in
            guard try db.scalar("SELECT COUNT(*) FROM run WHERE id = ?", [.integer(version.runID)]) == 1 else {
                throw StoreError.unknownRun(id: version.runID)
            }
            let model: ModelRecord
            if let existing = try db.fetchOne(ModelRecord.self, where: "name = ?", [.text(name)]) {
                model = existing
            } else {
                try Self.checkNewModelName(name, db)
                model = ModelRecord(
                    id: try db.nextID(in: ModelRecord.table), name: name, createdAt: now)
                try db.insert(model)
            }
            let highest = try db.scalar("SELECT MAX(version) FROM modelVersion WHERE modelID = ?", [.integer(model.id)])
            var record = version
            record.id = try db.nextID(in: ModelVersionRecord.table)
            record.modelID = model.id
            record.version = Int(highest ?? 0) + 1
            record.state = .ready
            record.createdAt = now
            record.artifactPath = try install(record.version)
            if let bytes { try Self.insertChunks(bytes, path: record.artifactPath, db) }
            try db.insert(record)
            try db.insert(
                ArtifactRecord(
                    id: try db.nextID(in: ArtifactRecord.table), runID: record.runID,
                    kind: "model", path: record.artifactPath, sha256: record.sha256, createdAt: now))
            if let alias {
                try db.upsert(
                    ModelAliasRecord(modelID: model.id, alias: alias, version: record.version, updatedAt: now))
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
        try write { db in
            let model = try Self.model(named: name, db)
            let target = try Self.version(version, of: model, db)
            guard target.state == .ready else {
                throw StoreError.archivedModelVersion(name: name, version: version)
            }
            let previous = try Self.alias(alias, of: model, db)
            try db.upsert(ModelAliasRecord(modelID: model.id, alias: alias, version: version, updatedAt: now))
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
        try write { db in
            let model = try Self.model(named: name, db)
            guard let existing = try Self.alias(alias, of: model, db) else {
                throw StoreError.unknownModelAlias(name: name, alias: alias, known: try Self.aliasList(model, db))
            }
            try db.execute(
                "DELETE FROM modelAlias WHERE modelID = ? AND alias = ?", [.integer(model.id), .text(alias)])
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
        try write { db in
            let model = try Self.model(named: name, db)
            var target = try Self.version(version, of: model, db)
            guard target.state == .ready else { return false }
            let aliases = try db.fetch(
                ModelAliasRecord.self, where: "modelID = ? AND version = ?", [.integer(model.id), SQLValue(version)],
                orderBy: "alias"
            ).map(\.alias)
            guard aliases.isEmpty else {
                throw StoreError.modelVersionHasAliases(name: name, version: version, aliases: aliases)
            }
            target.state = .archived
            try db.update(target)
            return true
        }
    }

    // MARK: - Reads

    /// Every model, by name.
    public func models() throws -> [ModelRecord] {
        try read { db in try db.fetch(ModelRecord.self, orderBy: "name") }
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
            try db.fetch(ModelVersionRecord.self, where: "modelID = ?", [.integer(modelID)], orderBy: "version")
        }
    }

    /// A model's aliases, by name.
    public func modelAliases(modelID: Int64) throws -> [ModelAliasRecord] {
        try read { db in
            try db.fetch(ModelAliasRecord.self, where: "modelID = ?", [.integer(modelID)], orderBy: "alias")
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
                guard let row = try Self.alias(alias, of: model, db) else {
                    throw StoreError.unknownModelAlias(name: name, alias: alias, known: try Self.aliasList(model, db))
                }
                return try Self.version(row.version, of: model, db)
            case .latest:
                guard
                    let latest = try db.fetchOne(
                        ModelVersionRecord.self, where: "modelID = ? AND state = ?",
                        [.integer(model.id), .text(ModelVersionRecord.State.ready.rawValue)], orderBy: "version DESC")
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
                counts[table] = Int(try db.scalar("SELECT COUNT(*) FROM \(table)") ?? 0)
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
            guard try db.scalar("SELECT COUNT(*) FROM model WHERE name = ?", [.text(name)]) == 0 else { return }
            try Self.checkNewModelName(name, db)
        }
    }

    /// The bytes of a model file kept in the database under `path`, or nil if there is none.
    ///
    /// Checking them against the recorded sha256 is the reader's job (the registry decodes and
    /// checks every model it loads).
    public func artifactBytes(path: String) throws -> [UInt8]? {
        guard isPostgres else { return nil }
        let chunks = try read { db in
            try db.query("SELECT bytes FROM artifactChunk WHERE path = ? ORDER BY seq", [.text(path)])
        }
        guard !chunks.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for chunk in chunks { bytes += try chunk.bytes(0) }
        return bytes
    }

    /// The size of the chunks a model file is kept in, in bytes.
    static let chunkSize = 1 << 20

    /// Writes `bytes` as the chunks of the file at `path`, replacing any.
    static func insertChunks(_ bytes: [UInt8], path: String, _ db: any StoreConnection) throws {
        try db.execute("DELETE FROM artifactChunk WHERE path = ?", [.text(path)])
        var start = 0
        var seq: Int64 = 0
        repeat {
            let end = min(start + chunkSize, bytes.count)
            try db.execute(
                "INSERT INTO artifactChunk (path, seq, bytes) VALUES (?, ?, ?)",
                [.text(path), .integer(seq), .blob(Array(bytes[start..<end]))])
            start = end
            seq += 1
        } while start < bytes.count
    }

    // MARK: - Internals

    /// Throws if a model's name equals `name` ignoring (ASCII) case; `name` is not a model yet.
    static func checkNewModelName(_ name: String, _ db: any StoreConnection) throws {
        if let existing = try db.query(
            "SELECT name FROM model WHERE \(db.dialect.equalsIgnoringCase("name")) ORDER BY name LIMIT 1", [.text(name)]
        ).first.map({ try $0.string(0) }) {
            throw StoreError.modelNameDiffersInCase(name: name, existing: existing)
        }
    }

    static func model(named name: String, _ db: any StoreConnection) throws -> ModelRecord {
        if let model = try db.fetchOne(ModelRecord.self, where: "name = ?", [.text(name)]) {
            return model
        }
        throw StoreError.unknownModel(name: name, known: try db.fetch(ModelRecord.self, orderBy: "name").map(\.name))
    }

    static func alias(_ alias: String, of model: ModelRecord, _ db: any StoreConnection) throws -> ModelAliasRecord? {
        try db.fetchOne(ModelAliasRecord.self, where: "modelID = ? AND alias = ?", [.integer(model.id), .text(alias)])
    }

    static func version(_ k: Int, of model: ModelRecord, _ db: any StoreConnection) throws -> ModelVersionRecord {
        let versions = try db.fetch(
            ModelVersionRecord.self, where: "modelID = ?", [.integer(model.id)], orderBy: "version")
        if let row = versions.first(where: { $0.version == k }) { return row }
        throw StoreError.unknownModelVersion(name: model.name, version: k, known: versions.map(\.version))
    }

    static func aliasList(_ model: ModelRecord, _ db: any StoreConnection) throws -> [String] {
        try db.fetch(ModelAliasRecord.self, where: "modelID = ?", [.integer(model.id)], orderBy: "alias")
            .map { "\($0.alias) → v\($0.version)" }
    }
}
