public import ArgumentParser

/// The `mfsweep` command tree.
public struct MFSweep: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mfsweep",
        abstract: "Tune, track and ship matrix-factorization recommenders.",
        discussion: """
            Exit codes: 0 success, 1 failure (e.g. a diverged run), 64 invalid input or usage.
            """,
        version: "0.1.0",
        subcommands: [
            Train.self, DataCommand.self, Launch.self, AgentCommand.self, Status.self, Runs.self,
            Report.self, Compare.self, Promote.self, Models.self, Recommend.self, Similar.self,
        ])

    public init() {}
}
