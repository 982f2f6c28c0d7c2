import ArgumentParser

/// The one rule for thread-count options (`--threads`, `--threads-per-agent`): 1 to 256.
enum ThreadCount {
    /// The accepted counts.
    static let accepted = 1...256

    /// Throws a usage error naming `option` unless `value` is accepted.
    static func check(_ value: Int, option: String) throws {
        guard accepted.contains(value) else {
            throw ValidationError("\(option) must be in \(accepted.lowerBound)...\(accepted.upperBound), got \(value)")
        }
    }
}
