public import ArgumentParser

/// The `mfsweep` command tree.
public struct MFSweep: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mfsweep",
        abstract: "Tune, track and ship matrix-factorization recommenders.",
        subcommands: [])

    public init() {}
}
