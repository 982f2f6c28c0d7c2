import Foundation

extension RunStore {
    /// Opens the store at `path` for a command that works on what is already there: a missing
    /// file is ``StoreError/noStore(path:)``, never a new empty store.
    public static func existing(at path: String) throws -> RunStore {
        if let url = try PostgresURL(parsing: path) {
            return RunStore(backend: try PostgresBackend(url: url, mode: .existing))
        }
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.noStore(path: path) }
        return try RunStore(path: path)
    }

    /// Opens the store at `path` for a command that only reads (`status`, `runs`, `report`,
    /// `compare`, `models`): on a read-only connection, so a store the user may only read
    /// (a read-only file or folder, a shared copy) works. A store an older mfsweep wrote is
    /// opened for writing once, to migrate it.
    ///
    /// - Throws: ``StoreError/noStore(path:)`` for a missing file, as ``existing(at:)``.
    public static func existingForReading(at path: String) throws -> RunStore {
        guard PostgresURL.isURL(path) || FileManager.default.fileExists(atPath: path) else {
            throw StoreError.noStore(path: path)
        }
        return try openForReading(path: path) ?? RunStore(path: path)
    }

    /// The sweep named `name`, or with nil the store's only sweep.
    ///
    /// - Throws: ``StoreError/noSweep(name:path:known:)`` listing the store's sweeps, or
    ///   ``StoreError/whichSweep(path:known:)`` when `name` is nil and the store does not have
    ///   exactly one sweep.
    public func sweep(_ name: String?) throws -> SweepRecord {
        if let name, let found = try sweep(named: name) { return found }
        let all = try sweeps()
        guard let name else {
            guard all.count == 1 else { throw StoreError.whichSweep(path: path, known: all.map(\.name)) }
            return all[0]
        }
        throw StoreError.noSweep(name: name, path: path, known: all.map(\.name))
    }
}
