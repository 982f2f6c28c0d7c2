/// How an `mfsweep` command ends: the documented exit codes (README, "Commands").
///
/// Codes follow sysexits(3) where one fits, as package-benchmark's do.
public enum ExitStatus: Int32, Sendable, Hashable, CaseIterable {
    /// The command did what it was asked.
    case success = 0
    /// The work ran but failed: a training run diverged, an agent exited with an error.
    case failure = 1
    /// Invalid input or usage (sysexits' `EX_USAGE`): a bad data row, sweep file, parameter,
    /// flag, name or reference, a missing or damaged store or model file.
    case invalidInput = 64
    /// Stopped by SIGINT, SIGTERM or SIGHUP before the work was done, as shells report an
    /// interrupted command (128 + SIGINT).
    case interrupted = 130
}
