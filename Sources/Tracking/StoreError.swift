public import Foundation

/// An error of the run store that a person can act on.
public enum StoreError: Error, Hashable, CustomStringConvertible {
    /// No file at the store's path (commands that only read never create one).
    case noStore(path: String)
    /// The store has no sweep of this name; `known` lists its sweeps.
    case noSweep(name: String, path: String, known: [String])
    /// A run was named by number alone, but the store does not have exactly one sweep.
    case whichSweep(path: String, known: [String])
    /// SQLite failed on an open store; `damaged` when the file is corrupt or not a database.
    case database(path: String, reason: String, damaged: Bool)
    /// SQLite could not write to the store because its disk (or file-system quota) is full. What
    /// was committed before is intact; the transaction that failed was rolled back.
    case diskFull(path: String)
    /// A `postgres://` store URL is malformed (the URL is shown without its password).
    case badStoreURL(url: String, reason: String)
    /// The store file could not be opened as a run store; nothing in it was changed.
    case cannotOpen(path: String, reason: String)
    /// The store was written by a newer mfsweep (it has migrations this version doesn't know).
    case newerSchema(path: String, unknownMigrations: [String])
    /// A sweep with this name exists with a different spec.
    case sweepSpecMismatch(name: String)
    /// A sweep with this name exists with the same spec but different data.
    case sweepFingerprintMismatch(name: String, stored: String, given: String)
    /// No sweep has this id.
    case unknownSweep(id: Int64)
    /// No run has this id.
    case unknownRun(id: Int64)
    /// The run can't be finished by this agent: it is no longer running (for example another
    /// agent marked it crashed after its heartbeat went stale), or another agent runs it.
    case runNotRunning(runID: Int64, number: Int, state: RunState, owner: String, detail: String?)
    /// No model has this name; `known` lists the store's models.
    case unknownModel(name: String, known: [String])
    /// The model has no version with this number; `known` lists its versions.
    case unknownModelVersion(name: String, version: Int, known: [Int])
    /// The model has no such alias; `known` lists its aliases as `alias → vK`.
    case unknownModelAlias(name: String, alias: String, known: [String])
    /// Every version of the model is archived, so `latest` points nowhere.
    case noReadyModelVersion(name: String)
    /// The version is archived, so no alias may point at it.
    case archivedModelVersion(name: String, version: Int)
    /// The version still holds aliases, so it can't be archived.
    case modelVersionHasAliases(name: String, version: Int, aliases: [String])
    /// A store copy would give the destination a second sweep or model of one name.
    case copyClash(kind: String, names: [String])
    /// A new model's name differs from an existing model's only in case (their artifact folders
    /// would clash on a case-insensitive file system).
    case modelNameDiffersInCase(name: String, existing: String)

    public var description: String {
        switch self {
        case .noStore(let path):
            return "no run store at \(path) (`mfsweep launch` creates one; --store or $MFSWEEP_STORE choose another)"
        case .noSweep(let name, let path, let known):
            return "no sweep named '\(name)' in \(path)"
                + (known.isEmpty ? " (it has no sweeps)" : "; sweeps: " + known.joined(separator: ", "))
        case .whichSweep(let path, let known):
            return "which sweep? give --sweep or SWEEP/NUMBER; \(path) has "
                + (known.isEmpty ? "no sweeps" : "sweeps " + known.joined(separator: ", "))
        case .badStoreURL(let url, let reason):
            return "bad store URL \(url): \(reason) (expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE)"
        case .cannotOpen(let path, let reason):
            return "cannot open the run store \(path): \(reason)"
        case .database(let path, let reason, let damaged):
            return "the run store \(path) failed: \(reason)"
                + (damaged ? "; the database is damaged: restore it from a backup or move it aside" : "")
        case .diskFull(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            return "the disk holding the run store \(path) is full (\(folder)"
                + (Self.freeBytes(folder).map { ", \($0) bytes free" } ?? "")
                + "); everything already recorded, finished runs included, is safe: "
                + "free some space and start the agents again"
        case .newerSchema(let path, let unknown):
            return "the run store \(path) was written by a newer mfsweep "
                + "(unknown migrations: \(unknown.joined(separator: ", "))); use that version"
        case .sweepSpecMismatch(let name):
            return "sweep '\(name)' already exists with a different spec; "
                + "give the sweep another name to start a new one"
        case .sweepFingerprintMismatch(let name, let stored, let given):
            return "sweep '\(name)' already exists with the same spec but other data "
                + "(data fingerprint \(stored), now \(given)); "
                + "give the sweep another name to start a new one"
        case .unknownSweep(let id):
            return "no sweep with id \(id) in the run store"
        case .unknownRun(let id):
            return "no run with id \(id) in the run store"
        case .runNotRunning(let runID, let number, let state, let owner, let detail):
            var text = "run \(number) (id \(runID)) is \(state.rawValue), owned by agent \(owner)"
            if let detail { text += " (\(detail))" }
            return text + "; its result was not recorded"
        case .unknownModel(let name, let known):
            return "no model named '\(name)' in the run store"
                + (known.isEmpty
                    ? " (it has no models; `mfsweep promote` registers one)"
                    : "; models: " + known.joined(separator: ", "))
        case .unknownModelVersion(let name, let version, let known):
            return "model '\(name)' has no version \(version); versions: "
                + known.map { "\($0)" }.joined(separator: ", ")
        case .unknownModelAlias(let name, let alias, let known):
            return "model '\(name)' has no alias '\(alias)'"
                + (known.isEmpty ? " (it has no aliases)" : "; aliases: " + known.joined(separator: ", "))
        case .noReadyModelVersion(let name):
            return "every version of model '\(name)' is archived, so '\(name)@latest' points nowhere; name a version"
        case .archivedModelVersion(let name, let version):
            return "version \(version) of model '\(name)' is archived; an alias can only point at a ready version"
        case .modelVersionHasAliases(let name, let version, let aliases):
            return "version \(version) of model '\(name)' has alias\(aliases.count == 1 ? "" : "es") "
                + aliases.joined(separator: ", ") + "; move or delete "
                + (aliases.count == 1 ? "it" : "them") + " first (`mfsweep models alias`)"
        case .copyClash(let kind, let names):
            return "the destination store already has \(kind)\(names.count == 1 ? "" : "s") named "
                + names.joined(separator: ", ") + "; nothing was copied (copy into another store, or rename)"
        case .modelNameDiffersInCase(let name, let existing):
            return "model name '\(name)' differs from the existing model '\(existing)' only in case, "
                + "so their artifact folders would be one on a case-insensitive file system; use '\(existing)' or another name"
        }
    }
}

extension StoreError: LocalizedError {
    /// The same one-line message as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension StoreError {
    /// The bytes free on the file system holding `folder`, if the system says.
    fileprivate static func freeBytes(_ folder: String) -> Int64? {
        (try? FileManager.default.attributesOfFileSystem(forPath: folder))?[.systemFreeSize] as? Int64
    }
}
