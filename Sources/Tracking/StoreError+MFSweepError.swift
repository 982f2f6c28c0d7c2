public import Core

extension StoreError: MFSweepError {
    /// The store, sweep, run or model the error is about.
    public var location: ErrorLocation? {
        switch self {
        case .noStore(let path), .whichSweep(let path, _), .cannotOpen(let path, _), .newerSchema(let path, _):
            .store(path)
        case .noSweep(let name, _, _): .sweep(name)
        case .sweepSpecMismatch(let name), .sweepFingerprintMismatch(let name, _, _): .sweep(name)
        case .unknownSweep, .unknownRun: nil
        case .runNotRunning(_, let number, _, _, _): .run(sweep: "", number: number)
        case .unknownModel(let name, _), .unknownModelVersion(let name, _, _),
            .unknownModelAlias(let name, _, _), .noReadyModelVersion(let name),
            .archivedModelVersion(let name, _), .modelVersionHasAliases(let name, _, _),
            .modelNameDiffersInCase(let name, _):
            .model(name)
        }
    }

    /// A run taken over by another agent is a failure of the work; everything else names
    /// something the user gave (a store, a sweep, a model) that is not as they said.
    public var exitStatus: ExitStatus {
        if case .runNotRunning = self { return .failure }
        return .invalidInput
    }
}
