import Core
import Agents
import Dispatch
import Factorization
import Foundation
import Tracking

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An `mfsweep` process left running in the background (an agent to kill or interrupt, or one of
/// several agents started at once), its output captured to files.
final class BackgroundCLI {
    /// The arguments after the executable.
    let arguments: [String]
    private let process = Process()
    private let exited = DispatchSemaphore(value: 0)
    private let outURL: URL
    private let errURL: URL
    private var result: CLIResult?

    /// Starts `mfsweep ARGUMENTS` with standard input empty.
    init(_ arguments: [String]) throws {
        self.arguments = arguments
        let binary = try CLIRunner.executable.get()
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("mfsweep-cli-bg-\(UUID().uuidString)")
        outURL = base.appendingPathExtension("out")
        errURL = base.appendingPathExtension("err")
        guard fm.createFile(atPath: outURL.path, contents: nil), fm.createFile(atPath: errURL.path, contents: nil)
        else { throw CLIError("cannot create capture files at \(base.path).{out,err}") }
        // Files rather than pipes: the child can never block on a full pipe buffer.
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        process.executableURL = binary
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw CLIError("cannot start \(binary.path): \(error)")
        }
    }

    deinit {
        if result == nil {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            _ = exited.wait(timeout: .now() + 10)
        }
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Whether the process has not exited yet.
    var isRunning: Bool { result == nil && process.isRunning }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits at most `timeout` seconds for the process to exit (then kills it and throws) and
    /// returns what it printed and its exit status.
    func wait(timeout: Double) throws -> CLIResult {
        if let result { return result }
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = exited.wait(timeout: .now() + 10)
            let partial = capture()
            result = partial
            throw CLIError("timed out after \(timeout) s and was killed: \(partial)")
        }
        let done = capture()
        result = done
        return done
    }

    private func capture() -> CLIResult {
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        let running = process.isRunning
        let status = running ? -1 : process.terminationStatus
        let signaled = !running && process.terminationReason == .uncaughtSignal
        return CLIResult(
            arguments: arguments, exitCode: signaled ? 128 + status : status, signal: signaled ? status : nil,
            stdout: stdout, stderr: stderr)
    }
}

/// Small, fast sweep files on synthetic data, and the store and CLI views of a sweep.
enum SweepFixture {
    /// Parameters of a small random search: a run of 2 folds takes a few hundredths of a second.
    static let smallRandomParameters = """
        "emb_dim": {"min": 2, "max": 6},
            "alpha": {"min": 0.01, "max": 0.1},
            "steps": {"value": 200}
        """

    /// The same search with 60 steps: for many runs, or when only the configs matter.
    static let tinyRandomParameters =
        #""emb_dim": {"min": 2, "max": 6}, "alpha": {"min": 0.01, "max": 0.1}, "steps": {"value": 60}"#

    /// A sweep file. `parameters` is the text inside `"parameters": {…}`.
    static func json(
        name: String, method: String = "random", seed: Int = 1, count: Int? = nil, folds: Int = 2,
        users: Int = 120, items: Int = 80, density: Double = 0.2, parameters: String
    ) -> String {
        """
        {
          "name": "\(name)",
          "method": "\(method)",
          "metric": {"name": "test_rmse_mean", "goal": "minimize"},
          "data": {"synthetic": {"users": \(users), "items": \(items), "density": \(density), "seed": 3}},
          "validation": {"folds": \(folds)},
          "seed": \(seed),\(count.map { "\n  \"count\": \($0)," } ?? "")
          "parameters": {
            \(parameters)
          }
        }

        """
    }

    /// Creates the sweep of `file` in the store at `store` (as `mfsweep launch` does before it
    /// starts agents) without starting any agent, and returns it.
    static func create(file: String, store: String) throws -> SweepRecord {
        let options = Launcher.Options(
            sweepFile: file, agents: 1, storePath: store, executable: try CLIRunner.executable.get().path)
        let launcher = try Launcher(options: options)
        guard launcher.created else { throw CLIError("sweep of \(file) already existed in \(store)") }
        return launcher.sweep
    }

    /// The arguments of `mfsweep agent SWEEP` on `store`, one training thread.
    static func agent(_ sweep: String, store: String, _ extra: [String] = []) -> [String] {
        ["agent", sweep, "--store", store, "--threads", "1"] + extra
    }

    /// The runs of `mfsweep runs SWEEP --format json` (one document), decoded.
    static func runLines(_ sweep: String, store: String) throws -> [RunLine] {
        let result = try CLIRunner.run(["runs", sweep, "--store", store, "--format", "json"])
        guard result.exitCode == 0 else { throw CLIError("runs failed: \(result)") }
        let document = try result.decode(RunsDocument.self)
        guard document.schemaVersion == 1, document.sweep == sweep else {
            throw CLIError("unexpected header in `\(result.commandLine)`: \(result.stdout)")
        }
        return document.runs
    }

    /// `mfsweep runs SWEEP --format jsonl` (JSON Lines), decoded line by line.
    static func runJSONLines(_ sweep: String, store: String) throws -> [RunLine] {
        let result = try CLIRunner.run(["runs", sweep, "--store", store, "--format", "jsonl"])
        guard result.exitCode == 0 else { throw CLIError("runs failed: \(result)") }
        return try result.stdout.split(separator: "\n").map { line in
            do {
                return try JSONDecoder().decode(RunLine.self, from: Data(line.utf8))
            } catch {
                throw CLIError("cannot decode a line of `\(result.commandLine)`: \(error)\n\(line)")
            }
        }
    }

    /// The runs an agent said it completed: the N of its `agent: N runs; …` line.
    static func completedRuns(_ result: CLIResult) -> Int? {
        for line in result.stderrLines where line.hasPrefix("agent: ") && line.contains(" runs; ") {
            let words = line.dropFirst("agent: ".count).split(separator: " ")
            if let first = words.first { return Int(first) }
        }
        return nil
    }

    /// Waits (polling every 0.1 s, at most `timeout` seconds) until `check` returns a value;
    /// throws if `watching` exits first or on timeout.
    static func waitFor<T>(
        _ what: String, timeout: Double, watching process: BackgroundCLI? = nil, _ check: () throws -> T?
    ) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let value = try check() { return value }
            if let process, !process.isRunning {
                throw CLIError("the process exited while waiting for \(what): \(try process.wait(timeout: 5))")
            }
            if Date() > deadline { throw CLIError("timed out after \(timeout) s waiting for \(what)") }
            usleep(100_000)
        }
    }
}

/// `mfsweep runs SWEEP --format json`: one document.
struct RunsDocument: Decodable {
    var schemaVersion: Int
    var sweep: String
    var metric: [String: String]
    var runs: [RunLine]

    enum CodingKeys: String, CodingKey {
        case sweep, metric, runs
        case schemaVersion = "schema_version"
    }
}

/// One run of `mfsweep runs SWEEP --format json`, and one line of `--format jsonl`.
struct RunLine: Decodable, Equatable {
    var number: Int
    var state: String
    var config: [String: ParameterValue]
    var metric: Double?
    var foldValues: [Double]
    var steps: Int?
    var seconds: Double?
    var error: String?
    var retryOf: Int?

    enum CodingKeys: String, CodingKey {
        case number, state, config, metric, steps, seconds, error
        case foldValues = "fold_values"
        case retryOf = "retry_of"
    }
}
