import Agents
import Core
import Factorization
import Foundation
import Tracking

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
    static func runLines(_ sweep: String, store: String) async throws -> [RunLine] {
        let result = try await CLI.run(["runs", sweep, "--store", store, "--format", "json"])
        guard result.exitCode == 0 else { throw CLIError("runs failed: \(result)") }
        let document = try result.decode(RunsDocument.self)
        guard document.schemaVersion == 1, document.sweep == sweep else {
            throw CLIError("unexpected header in `\(result.commandLine)`: \(result.stdout)")
        }
        return document.runs
    }

    /// `mfsweep runs SWEEP --format jsonl` (JSON Lines), decoded line by line.
    static func runJSONLines(_ sweep: String, store: String) async throws -> [RunLine] {
        let result = try await CLI.run(["runs", sweep, "--store", store, "--format", "jsonl"])
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

    /// Whether `check` holds within `timeout` seconds, polled every 50 ms on this thread (a
    /// deadline measured here, not after an `await` that a busy pool may resume late).
    static func holds(within timeout: Double, _ check: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try check() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try check()
    }

    /// Waits (polling every 0.1 s, at most `timeout` seconds) until `check` returns a value;
    /// throws if `watching` exits first or on timeout. Between polls it sleeps without holding
    /// a thread, so it may notice the value late when other tests keep every thread busy: for
    /// something that holds only for a while, use ``catchWindow(_:timeout:watching:_:)``.
    static func waitFor<T>(
        _ what: String, timeout: Double, watching process: BackgroundCLI? = nil, _ check: () throws -> T?
    ) async throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let value = try check() { return value }
            if let process, !process.isRunning {
                throw CLIError("the process exited while waiting for \(what): \(try await process.wait(timeout: 5))")
            }
            if Date() > deadline { throw CLIError("timed out after \(timeout) s waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Waits (polling every 0.1 s, at most `timeout` seconds) until `check` returns a value,
    /// holding its thread throughout; throws if `watching` exits first or on timeout.
    ///
    /// For a condition that holds only for a while, such as a run in the middle of its steps:
    /// the caller acts on it (kills or interrupts the agent) right when it holds. An `await`
    /// between polls could resume only once other tests free a thread, after the run ended.
    static func catchWindow<T>(
        _ what: String, timeout: Double, watching process: BackgroundCLI, _ check: () throws -> T?
    ) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let value = try check() { return value }
            if let exited = process.exitedResult {
                throw CLIError("the process exited while waiting for \(what): \(exited)")
            }
            if Date() > deadline { throw CLIError("timed out after \(timeout) s waiting for \(what)") }
            Thread.sleep(forTimeInterval: 0.1)
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
