import Agents
import Core
import Foundation
import Ratings
import Search
import TestSupport
import Testing
import Tracking

/// Fuzzing the inputs a person hands mfsweep: ratings files, sweep files and `train --config`
/// JSON, as random bytes and as mutations of valid files, mostly through the library parsers
/// (fast) and some through whole commands in-process.
///
/// Every case must end in success or in an ``MFSweepError`` that exits 64 with one line per
/// problem; a trap would end the test process, so running every case in-process is itself the
/// "no trap" assertion (and ``FuzzCrashReporter`` names the case that trapped). Commands must
/// also exit 0 or 64 and leave the run store untouched when they fail.
///
/// CI runs 10,000 cases (`MFSWEEP_FUZZ_CASES` asks for more); see ``FuzzSettings`` to
/// reproduce one.
@Suite("fuzz: loaders, sweep files and configs")
struct FuzzTests {
    @Test("ratings files: random bytes and mutated u.data, ratings.dat and CSV through the loader")
    func ratingsFiles() {
        var log = FuzzLog(.ratings)
        for index in FuzzSettings.indices(.ratings) {
            var rng = FuzzKind.ratings.generator(index)
            let (name, input) = FuzzCorpus.ratingsInput(using: &rng)
            let format = FuzzCorpus.format(using: &rng)
            let policy = rng.pick(DuplicatePolicy.allCases)
            let skipBadRows = rng.chance(0.3)
            let context = "\(name), \(format), duplicates \(policy.name), skipBadRows \(skipBadRows)"
            log.announce(index, input, context)
            let problem = FuzzCrashReporter.running(.ratings, index) {
                fuzzOutcome {
                    let loaded = try input.withUnsafeBytes { bytes in
                        try RatingsLoader.parse(
                            bytes: bytes, path: name, format: format, duplicates: policy, skipBadRows: skipBadRows)
                    }
                    return FuzzCorpus.problem(with: loaded, policy: policy)
                }
            }
            log.check(problem, index, input, context)
        }
        log.finish()
    }

    @Test("sweep files: random bytes and mutated sweeps through the parser, the canonical JSON and a first draw")
    func sweepFiles() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try FuzzCorpus.writeDataFiles(in: dir)
        let corpus = FuzzCorpus.sweeps()
        var log = FuzzLog(.sweeps)
        for index in FuzzSettings.indices(.sweeps) {
            var rng = FuzzKind.sweeps.generator(index)
            let input = FuzzCorpus.jsonInput(rng.pick(corpus), using: &rng)
            let checksDataFile = rng.chance(0.5)
            let runNumber = 1 + rng.nextIndex(below: 10)
            let units = [0, 1, 0.5, rng.nextUnit(), 1 - 0x1p-53]
            log.announce(index, input, "checksDataFile \(checksDataFile)")
            let problem = FuzzCrashReporter.running(.sweeps, index) {
                fuzzOutcome {
                    let spec = try SweepFile.parse(
                        input, file: "fuzz.json", baseDirectory: dir.path, checksDataFile: checksDataFile)
                    // What the store keeps must read back as the same spec.
                    let again: SweepSpec
                    do {
                        again = try SweepFile.parse(
                            Array(spec.canonicalJSON.utf8), file: "stored", baseDirectory: dir.path,
                            checksDataFile: false)
                    } catch {
                        return "the canonical JSON \(spec.canonicalJSON) does not parse: \(error)"
                    }
                    if again != spec { return "the canonical JSON reads back differently: \(spec.canonicalJSON)" }
                    _ = Sampling.nextConfig(spec: spec, runNumber: runNumber, history: [])
                    // The Gaussian and bayes samplers map unit-cube points to values.
                    for distribution in spec.parameters.values {
                        for u in units { _ = distribution.value(atUnit: u) }
                        _ = distribution.gridValues
                    }
                    return nil
                }
            }
            log.check(problem, index, input, "checksDataFile \(checksDataFile)")
        }
        log.finish()
    }

    @Test("train configs: random bytes and mutated --config JSON and --param through the parameter layering")
    func configs() {
        var log = FuzzLog(.configs)
        for index in FuzzSettings.indices(.configs) {
            var rng = FuzzKind.configs.generator(index)
            let input = FuzzCorpus.jsonInput(rng.pick(FuzzCorpus.configs), using: &rng)
            let config = FuzzCorpus.inlineConfig(input, using: &rng)
            let assignments = FuzzCorpus.assignments(using: &rng)
            log.announce(index, Array(config.utf8), "--param \(assignments)")
            let problem = FuzzCrashReporter.running(.configs, index) {
                fuzzOutcome {
                    _ = try ParameterFile.hyperparameters(config: config, assignments: assignments)
                    return nil
                }
            }
            log.check(problem, index, Array(config.utf8), "--param \(assignments)")
        }
        log.finish()
    }

    @Test("commands: data info, train and launch in-process exit 0 or 64 and leave the store untouched")
    func commands() async throws {
        let dir = try ScratchDirectory()
        let data = try TempDirectory()
        defer { data.remove() }
        try FuzzCorpus.writeDataFiles(in: data)
        let store = dir.url("store/mfsweep.sqlite")
        try FileManager.default.createDirectory(atPath: dir.url("store"), withIntermediateDirectories: true)
        _ = try RunStore(path: store)
        let storeBefore = try FuzzCorpus.snapshot(dir.url("store"))
        let sweeps = FuzzCorpus.commandSweeps
        var log = FuzzLog(.commands)
        for index in FuzzSettings.indices(.commands) {
            var rng = FuzzKind.commands.generator(index)
            let command: [String]
            let input: [UInt8]
            switch rng.nextIndex(below: 3) {
            case 0:
                let (name, bytes) = FuzzCorpus.ratingsInput(using: &rng)
                input = bytes
                let path = data.path("case/" + name)
                try FileManager.default.createDirectory(atPath: data.path("case"), withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                command = ["data", "info", path] + FuzzCorpus.dataFlags(using: &rng)
            case 1:
                let bytes = FuzzCorpus.jsonInput(rng.pick(FuzzCorpus.configs), using: &rng)
                let config = FuzzCorpus.inlineConfig(bytes, using: &rng, alwaysInline: true)
                input = Array(config.utf8)
                command = [
                    "train", "--data", data.path("ratings.csv"), "--config", config, "--param", "steps=1",
                    "--threads", "1", "--log-every", "0",
                ]
            default:
                input = FuzzCorpus.jsonInput(rng.pick(sweeps), using: &rng)
                let path = data.path("sweep.json")
                try Data(input).write(to: URL(fileURLWithPath: path))
                // Only sweeps that fail before any agent starts run in-process: a launch that
                // started agents would start this test runner as them.
                guard FuzzCorpus.launchFailsEarly(path) else { continue }
                command = ["launch", path, "--store", store]
            }
            let context = command.joined(separator: " ")
            log.announce(index, input, context)
            let result = try await FuzzCrashReporter.running(.commands, index) { try await CLI.run(command) }
            var problem: String?
            switch result.exitCode {
            case 0:
                if !result.stderr.isEmpty && command[0] != "train" { problem = "exit 0 with errors: \(result.stderr)" }
            case 64:
                let lines = result.stderrLines
                if lines.isEmpty || !lines.allSatisfy({ $0.hasPrefix("error: ") || $0.contains(": error: ") }) {
                    problem = "exit 64 without one error line per problem: \(result.stderr)"
                } else if command[0] != "launch" && lines.count != 1 {
                    problem = "exit 64 with \(lines.count) lines: \(result.stderr)"
                } else if !result.stdout.isEmpty {
                    problem = "exit 64 after printing a result: \(result.stdout)"
                }
            case 1 where command[0] == "train" && result.stderr.contains("diverged"):
                break  // a config that makes the loss overflow: the work ran and failed
            default:
                problem = "exit \(result.exitCode): \(result.stderr)"
            }
            if try FuzzCorpus.snapshot(dir.url("store")) != storeBefore {
                problem = (problem.map { $0 + "; " } ?? "") + "the store changed"
            }
            log.check(
                problem.map(FuzzOutcome.failed) ?? (result.exitCode == 0 ? .accepted : .refused), index, input, context)
        }
        log.finish()
    }
}

/// How one case ended.
enum FuzzOutcome {
    /// The input was accepted, and the checks on what came back passed.
    case accepted
    /// The input was refused as mfsweep promises: an ``MFSweepError`` that exits 64, with one
    /// line per problem.
    case refused
    /// Anything else: what was wrong.
    case failed(String)
}

/// The outcome of `body`, which returns a problem it found with what it accepted, or nil.
func fuzzOutcome(_ body: () throws -> String?) -> FuzzOutcome {
    do {
        return try body().map(FuzzOutcome.failed) ?? .accepted
    } catch let error as any MFSweepError {
        guard error.exitStatus == .invalidInput else { return .failed("exit status \(error.exitStatus): \(error)") }
        let lines = error.diagnosticLines
        if lines.isEmpty || lines.contains(where: { $0.isEmpty || $0.contains(where: \.isNewline) }) {
            return .failed("not one line per problem: \(lines)")
        }
        if !(error is SweepFileError) && lines.count != 1 { return .failed("\(lines.count) lines: \(lines)") }
        return .refused
    } catch {
        return .failed("not an MFSweepError: \(type(of: error)): \(error)")
    }
}

/// Records the cases of one kind that fail (the first 10 in full: seed, case, context and
/// input), times the run, and prints the count.
struct FuzzLog {
    let kind: FuzzKind
    private var cases = 0
    private var accepted = 0
    private var failures = 0
    private let start = ContinuousClock.now

    init(_ kind: FuzzKind) { self.kind = kind }

    /// Prints the input of a case run alone (`MFSWEEP_FUZZ_CASE`) before it runs.
    func announce(_ index: Int, _ input: [UInt8], _ context: String) {
        guard FuzzSettings.only != nil else { return }
        print("fuzz \(kind.rawValue) case \(index) (\(context)): \(input.count) bytes: \(fuzzRendering(input))")
    }

    mutating func check(_ outcome: FuzzOutcome, _ index: Int, _ input: [UInt8], _ context: String) {
        cases += 1
        let problem: String
        switch outcome {
        case .accepted:
            accepted += 1
            return
        case .refused: return
        case .failed(let p): problem = p
        }
        failures += 1
        guard failures <= 10 else { return }
        let report = """
            fuzz \(kind.rawValue) case \(index) (rerun: \(FuzzSettings.reproduction(kind, index)))
            problem: \(problem)
            context: \(context)
            input (\(input.count) bytes): \(fuzzRendering(input))
            """
        print(report)
        Issue.record(Comment(rawValue: report))
    }

    func finish() {
        let seconds = start.duration(to: .now).inSeconds
        print(
            "fuzz \(kind.rawValue): \(cases) cases (\(accepted) accepted) in \(String(format: "%.2f", seconds)) s, "
                + "\(failures) failed "
                + "(seed 0x\(String(FuzzSettings.seed, radix: 16)))")
        if failures > 10 { Issue.record("fuzz \(kind.rawValue): \(failures - 10) more failing cases") }
    }
}
