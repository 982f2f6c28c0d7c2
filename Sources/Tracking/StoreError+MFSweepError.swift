public import Core

extension StoreError: MFSweepError {
    /// The store, sweep or model the error is about (a run taken over names its number in the
    /// message; the store only knows the run's id).
    public var location: ErrorLocation? {
        switch self {
        case .noStore(let path), .whichSweep(let path, _), .cannotOpen(let path, _), .newerSchema(let path, _),
            .database(let path, _, _), .diskFull(let path), .badStoreURL(let path, _):
            .store(path)
        case .noSweep(let name, _, _): .sweep(name)
        case .sweepSpecMismatch(let name), .sweepFingerprintMismatch(let name, _, _): .sweep(name)
        case .unknownSweep, .unknownRun, .copyClash: nil
        case .runNotRunning: nil
        case .unknownModel(let name, _), .unknownModelVersion(let name, _, _),
            .unknownModelAlias(let name, _, _), .noReadyModelVersion(let name),
            .archivedModelVersion(let name, _), .modelVersionHasAliases(let name, _, _),
            .modelNameDiffersInCase(let name, _):
            .model(name)
        }
    }

    /// A run taken over by another agent, or SQLite failing on a sound file (busy, full disk),
    /// is a failure of the work; everything else names something the user gave (a store, a
    /// sweep, a model) that is not as they said, or a damaged store.
    public var exitStatus: ExitStatus {
        switch self {
        case .runNotRunning, .diskFull: .failure
        case .database(_, _, let damaged): damaged ? .invalidInput : .failure
        default: .invalidInput
        }
    }
}
