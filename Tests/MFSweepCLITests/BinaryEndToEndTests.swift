import Foundation
import Testing

/// The built `mfsweep` binary on a few plain commands, against the same commands run
/// in-process: the executable's own `main()` (its arguments, its exit status as a process, its
/// buffered standard output flushed at exit) prints and exits exactly as ``CLI`` reports, so the
/// in-process tests speak for the binary.
@Suite("mfsweep binary end to end")
struct BinaryEndToEndTests {
    @Test(
        "the binary prints and exits as the command run in-process",
        arguments: [
            ["--version"], ["--help"], ["train", "--help"], ["frobnicate"], ["train"],
            ["train", "--data", "/nonexistent/ratings.csv", "--param", "steps=5"],
            ["train", "--data", "/nonexistent/ratings.csv", "--folds", "1"],
            ["status", "--store", "/nonexistent/store.sqlite"],
        ])
    func binaryMatchesInProcess(arguments: [String]) async throws {
        let binary = try await CLIRunner.run(arguments)
        let inProcess = try await CLI.run(arguments)
        #expect(binary.signal == nil, "\(binary)")
        #expect(binary.exitCode == inProcess.exitCode, "\(binary)\n\(inProcess)")
        #expect(binary.stdout == inProcess.stdout, "\(binary)\n\(inProcess)")
        #expect(binary.stderr == inProcess.stderr, "\(binary)\n\(inProcess)")
    }

    @Test("--version and --help go to standard output and exit 0")
    func versionAndHelp() async throws {
        let version = try await CLIRunner.run(["--version"])
        #expect(version.exitCode == 0 && version.stdout == "0.1.0\n" && version.stderr.isEmpty, "\(version)")
        let help = try await CLIRunner.run(["--help"])
        #expect(help.exitCode == 0 && help.stderr.isEmpty, "\(help)")
        #expect(help.stdout.hasPrefix("OVERVIEW: Tune, track and ship matrix-factorization recommenders."), "\(help)")
        #expect(help.stdout.contains("USAGE: mfsweep <subcommand>"), "\(help)")
        for line in help.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
    }

    @Test("a usage error and a bad input file exit 64 with the message on standard error")
    func badInputExits64() async throws {
        let usage = try await CLIRunner.run(["train", "--data", "ratings.csv", "--folds", "1"])
        #expect(usage.exitCode == 64 && usage.stdout.isEmpty, "\(usage)")
        #expect(
            usage.stderrLines == ["error: --folds must be at least 2, got 1 (see 'mfsweep train --help')"], "\(usage)")

        let dir = try ScratchDirectory()
        let path = try dir.write(
            "ratings.csv", "userId,movieId,rating,timestamp\n1,10,4.0,881250949\n2,10,abc,881250950\n")
        let badRow = try await CLIRunner.run(["train", "--data", path, "--param", "steps=5"])
        #expect(badRow.exitCode == 64 && badRow.stdout.isEmpty, "\(badRow)")
        #expect(badRow.stderrLines.count == 1 && badRow.stderr.hasPrefix("error: \(path):3: "), "\(badRow)")
    }

    @Test("data synth writes its file and prints one line, from the binary and in-process alike")
    func synthThroughTheBinary() async throws {
        let dir = try ScratchDirectory()
        let target = dir.url("synth.csv")
        let arguments = [
            "data", "synth", "-o", target, "--users", "30", "--items", "20", "--density", "0.3", "--seed", "4",
        ]
        let binary = try await CLIRunner.run(arguments)
        #expect(binary.exitCode == 0, "\(binary)")
        #expect(
            binary.stdout.hasPrefix("wrote \(target): ") && binary.stdout.split(separator: "\n").count == 1, "\(binary)"
        )
        let written = try Data(contentsOf: URL(fileURLWithPath: target))
        let inProcess = try await CLI.run(arguments)
        #expect(
            inProcess.exitCode == 0 && inProcess.stdout == binary.stdout && inProcess.stderr == binary.stderr,
            "\(inProcess)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == written)
    }
}
