public import ArgumentParser

/// The `mfsweep` command tree.
public struct MFSweep: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mfsweep",
        abstract: "Tune, track and ship matrix-factorization recommenders.",
        discussion: """
            Exit codes: 0 success, 1 failure (e.g. a diverged run), 64 invalid input or usage, 130 stopped by a signal.
            """,
        version: "0.1.0",
        subcommands: [
            Train.self, DataCommand.self, Launch.self, AgentCommand.self, Status.self, Runs.self,
            Report.self, Compare.self, Promote.self, Models.self, Recommend.self, Similar.self, StoreCommand.self,
            Serve.self,
        ])

    public init() {}

    /// Runs the command line of this process and exits with its status.
    public static func main() async {
        ExitReport.exitProcess(await run(Array(CommandLine.arguments.dropFirst())))
    }

    /// Parses `arguments` (without the executable's name) and runs the command they name in
    /// this process, writing to ``Console/current``. Every error ends here: it is printed by
    /// ``ExitReport`` and turned into the returned exit status.
    public static func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            return ExitReport.success
        } catch {
            return ExitReport.report(error)
        }
    }
}
