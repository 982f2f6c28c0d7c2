/// One integrity problem `mfsweep store check` found in a run store.
public struct StoreProblem: Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem: `integrity` (SQLite's `integrity_check`), `orphan` (a row whose
    /// parent row is gone), `dead-heartbeat` (a `running` run nobody is running), `artifact`
    /// (a model file missing or not matching its sha256).
    public var kind: String
    /// The problem, in one line.
    public var detail: String

    /// A problem.
    public init(kind: String, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// `KIND: DETAIL`.
    public var description: String { "\(kind): \(detail)" }
}
