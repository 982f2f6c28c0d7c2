public import Core
import Foundation
import Ratings
public import Tracking

/// `mfsweep store check`: a store's integrity problems (see
/// ``Tracking/RunStore/problems(now:heartbeatGrace:)``) and its model files': every model
/// version's file must exist and hash to the sha256 the store recorded.
public struct StoreCheck: Sendable {
    /// The problems found, store problems first, then model files in model and version order.
    public var problems: [StoreProblem]
    /// Sweeps, runs and model versions checked.
    public var sweeps: Int
    public var runs: Int
    public var modelVersions: Int

    /// Checks `store`.
    public static func run(store: RunStore, now: Double, heartbeatGrace: Double) throws
        -> StoreCheck
    {
        var problems = try store.problems(now: now, heartbeatGrace: heartbeatGrace)
        let sweeps = try store.sweeps()
        let runs = try sweeps.reduce(0) { $0 + (try store.runs(sweepID: $1.id).count) }
        var versions = 0
        for model in try store.models() {
            for version in try store.modelVersions(modelID: model.id) {
                versions += 1
                let (bytes, path) = try StoredArtifact.bytes(of: version, in: store)
                let name = "\(model.name)@\(version.version)"
                guard let bytes else {
                    problems.append(StoreProblem(kind: "artifact", detail: "\(name): \(path) is missing"))
                    continue
                }
                let hash = ArtifactFiles.sha256(bytes)
                if hash != version.sha256 {
                    problems.append(
                        StoreProblem(
                            kind: "artifact",
                            detail: "\(name): \(path) has sha256 \(hash), the store recorded \(version.sha256)"))
                }
            }
        }
        return StoreCheck(problems: problems, sweeps: sweeps.count, runs: runs, modelVersions: versions)
    }

    /// `store OK: …` or `N problems in …`.
    public var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let what = "\(count(sweeps, "sweep")), \(count(runs, "run")), \(count(modelVersions, "model version"))"
        return problems.isEmpty ? "store OK: \(what) checked" : "\(problems.count) problems in \(what)"
    }
}

/// A store check that found problems (exit 1).
public struct StoreCheckFailed: MFSweepError {
    /// The store.
    public var path: String
    /// How many problems.
    public var count: Int

    /// The failure of checking `path`.
    public init(path: String, count: Int) {
        self.path = path
        self.count = count
    }

    public var description: String { "\(path): store check found \(count) problem\(count == 1 ? "" : "s")" }
    public var location: ErrorLocation? { .store(path) }
    public var exitStatus: ExitStatus { .failure }
}
