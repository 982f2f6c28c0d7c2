public import Core

/// A sweep that cannot be run, resumed or read back as the user asked.
public enum SweepError: MFSweepError, Equatable {
    /// The sweep names no data.
    case noData(sweep: String)
    /// The sweep's data gives another fingerprint than when the sweep was created.
    case dataChanged(sweep: String, stored: String, now: String)
    /// The store's copy of the sweep's spec is not the JSON mfsweep wrote.
    case unreadableSpec(sweep: String, reason: String)
    /// The store's copy of the sweep's spec no longer passes this version's checks.
    case invalidStoredSpec(sweep: String, reason: String)
    /// `launch --resume --data` (or `--duplicates`): a resumed sweep keeps its data.
    case dataOfResumedSweep(option: String)
    /// Runs the sweep does not have (`compare`); `last` is its highest run number.
    case noRun(sweep: String, number: Int, last: Int?)
    /// The launcher could not start an agent process.
    case agentDidNotStart(executable: String, reason: String)
    /// Agent processes of `launch` exited with these non-zero statuses.
    case agentsFailed(sweep: String, statuses: [Int32], of: Int)
    /// An agent setting out of range; `message` names the option and what is accepted.
    case invalidOption(option: String, message: String)
    /// `launch` was stopped by a signal before the sweep was done.
    case interrupted(sweep: String)
    /// Every run of a launched sweep failed.
    case everyRunFailed(sweep: String, runs: Int)
    /// A `command` sweep's program is empty or cannot be started.
    case command(String)
    /// An agent's first runs all failed, so it stopped; `lastError` is the last one's reason.
    case initialFailures(sweep: String, runs: Int, lastError: String)

    /// The one-line message: what was wrong and what to do.
    public var description: String {
        switch self {
        case .noData(let sweep):
            "sweep '\(sweep)' has no data: add a \"data\" key or pass --data PATH"
        case .dataChanged(let sweep, let stored, let now):
            "the data of sweep '\(sweep)' changed since it was created (store: \(stored), now: \(now))"
        case .unreadableSpec(let sweep, let reason):
            "the store's spec of sweep '\(sweep)' is unreadable: \(reason)"
        case .invalidStoredSpec(let sweep, let reason):
            "the store's spec of sweep '\(sweep)' no longer validates: \(reason)"
        case .dataOfResumedSweep(let option):
            "\(option) cannot change the data of a resumed sweep; its runs were trained on the stored data"
        case .noRun(let sweep, let number, let last):
            "no run \(number) in sweep '\(sweep)' (\(last.map { "it has runs 1–\($0)" } ?? "it has no runs"))"
        case .agentDidNotStart(let executable, let reason):
            "cannot start agent \(executable): \(reason)"
        case .agentsFailed(_, let statuses, let count):
            "\(statuses.count) of \(count) agents exited with an error "
                + "(status \(statuses.map { "\($0)" }.joined(separator: ", "))); "
                + "their own messages are above"
        case .interrupted(let sweep):
            "sweep '\(sweep)' was stopped; its runs in progress are marked stopped "
                + "(`mfsweep launch --resume` continues it)"
        case .everyRunFailed(let sweep, let runs):
            "every run of sweep '\(sweep)' failed (\(runs) run\(runs == 1 ? "" : "s")); the report above gives their errors"
        case .initialFailures(let sweep, let runs, let lastError):
            "the first \(runs) runs of this agent on sweep '\(sweep)' all failed (the last: \(lastError)), "
                + "so it stopped: fix the cause and start it again (`mfsweep report \(sweep)` lists the errors)"
        case .invalidOption(_, let message), .command(let message):
            message
        }
    }

    /// The sweep or run the error is about.
    public var location: ErrorLocation? {
        switch self {
        case .noData(let sweep), .dataChanged(let sweep, _, _), .unreadableSpec(let sweep, _),
            .invalidStoredSpec(let sweep, _), .agentsFailed(let sweep, _, _), .interrupted(let sweep),
            .everyRunFailed(let sweep, _), .initialFailures(let sweep, _, _):
            .sweep(sweep)
        case .dataOfResumedSweep(let option): .option(option)
        case .invalidOption(let option, _): .option(option)
        case .noRun(let sweep, let number, _): .run(sweep: sweep, number: number)
        case .agentDidNotStart(let executable, _): .file(executable)
        case .command: nil
        }
    }

    /// Agents that failed or did not start are a failure of the work; the rest is bad input
    /// (a sweep, its data or a run named wrong), as is a stored spec this version can't read.
    public var exitStatus: ExitStatus {
        switch self {
        case .agentDidNotStart, .agentsFailed, .command, .everyRunFailed, .initialFailures: .failure
        case .interrupted: .interrupted
        default: .invalidInput
        }
    }
}
