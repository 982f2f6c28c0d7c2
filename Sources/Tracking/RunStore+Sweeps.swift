extension RunStore {
    /// Creates the sweep `name`, or resumes it if it exists with the same spec and data.
    ///
    /// Resuming sets the sweep's state back to `running`. Specs are compared as text, byte for
    /// byte: pass JSON in a canonical form (for example with sorted keys).
    ///
    /// - Returns: The sweep and whether it was created.
    /// - Throws: ``StoreError/sweepSpecMismatch(name:)`` if the sweep exists with another spec,
    ///   ``StoreError/sweepFingerprintMismatch(name:stored:given:)`` if with other data.
    public func createOrResumeSweep(
        name: String, specJSON: String, fingerprint: String, now: Double
    ) throws -> (SweepRecord, created: Bool) {
        try write { db in
            if var sweep = try db.fetchOne(SweepRecord.self, where: "name = ?", [.text(name)]) {
                guard sweep.specJSON == specJSON else {
                    throw StoreError.sweepSpecMismatch(name: name)
                }
                guard sweep.fingerprint == fingerprint else {
                    throw StoreError.sweepFingerprintMismatch(
                        name: name, stored: sweep.fingerprint, given: fingerprint)
                }
                if sweep.state != .running {
                    sweep.state = .running
                    try db.update(sweep)
                }
                return (sweep, false)
            }
            let sweep = SweepRecord(
                id: try db.nextID(in: SweepRecord.table), name: name,
                specJSON: specJSON, fingerprint: fingerprint, state: .running, createdAt: now)
            try db.insert(sweep)
            return (sweep, true)
        }
    }

    /// The sweep named `name`, if any.
    public func sweep(named name: String) throws -> SweepRecord? {
        try read { db in
            try db.fetchOne(SweepRecord.self, where: "name = ?", [.text(name)])
        }
    }

    /// The sweep with this id, if any.
    public func sweep(id: Int64) throws -> SweepRecord? {
        try read { db in try db.fetchOne(SweepRecord.self, where: "id = ?", [.integer(id)]) }
    }

    /// Every sweep, oldest first.
    public func sweeps() throws -> [SweepRecord] {
        try read { db in try db.fetch(SweepRecord.self, orderBy: "id") }
    }

    /// Sets a sweep's state.
    ///
    /// - Throws: ``StoreError/unknownSweep(id:)``.
    public func setSweepState(sweepID: Int64, state: SweepRecord.State) throws {
        try write { db in
            guard var sweep = try db.fetchOne(SweepRecord.self, where: "id = ?", [.integer(sweepID)]) else {
                throw StoreError.unknownSweep(id: sweepID)
            }
            sweep.state = state
            try db.update(sweep)
        }
    }
}

extension RunStore {
    /// Replaces a sweep's stored spec (for `launch --resume --count C`, which raises or lowers
    /// the count of a sweep in progress) and sets it `running`. Runs are untouched.
    ///
    /// - Throws: ``StoreError/unknownSweep(id:)``.
    public func updateSweepSpec(sweepID: Int64, specJSON: String) throws -> SweepRecord {
        try write { db in
            guard var sweep = try db.fetchOne(SweepRecord.self, where: "id = ?", [.integer(sweepID)]) else {
                throw StoreError.unknownSweep(id: sweepID)
            }
            sweep.specJSON = specJSON
            sweep.state = .running
            try db.update(sweep)
            return sweep
        }
    }
}
