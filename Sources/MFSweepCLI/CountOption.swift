import ArgumentParser

/// The one rule for thread and process counts (`--threads`, `--threads-per-agent`,
/// `--agents`): 1 to 256. More agents than that on one launcher is a typo, not a plan: each is
/// a process with its own store connection.
enum CountOption {
    /// The accepted counts.
    static let accepted = 1...256

    /// Throws a usage error naming `option` unless `value` is accepted.
    static func check(_ value: Int, option: String) throws {
        guard accepted.contains(value) else {
            throw ValidationError("\(option) must be in \(accepted.lowerBound)...\(accepted.upperBound), got \(value)")
        }
    }
}
