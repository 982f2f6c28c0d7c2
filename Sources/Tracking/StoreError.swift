import Foundation

/// An error of the run store that a person can act on.
public enum StoreError: Error, Hashable, CustomStringConvertible {
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

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the run store \(path): \(reason)"
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
        }
    }
}

extension StoreError: LocalizedError {
    /// The same one-line message as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
