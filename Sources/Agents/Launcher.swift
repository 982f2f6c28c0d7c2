public import Core
import Factorization
import Foundation
import Ratings
public import Reports
public import Search
public import Tracking

/// `mfsweep launch`: creates (or resumes) a sweep in the store, starts agent processes of
/// this same binary, reports progress while they work, forwards a stop request to them, and
/// returns the final report.
public struct Launcher {
    /// What to launch.
    public struct Options: Sendable {
        public var sweepFile: String
        public var dataPath: String?
        public var dataFormat: RatingsFormat = .auto
        /// The policy for repeated (user, item) pairs of `dataPath`, or of the sweep's own data
        /// file; nil keeps the sweep's (``DuplicatePolicy/error`` with `dataPath`).
        public var duplicates: DuplicatePolicy?
        public var agents: Int
        public var count: Int?
        public var resume: Bool = false
        public var storePath: String
        /// The `mfsweep` executable the agents run.
        public var executable: String
        public var heartbeatGrace: Double = 30
        /// Training threads per agent (nil: the cores divided among the agents).
        public var threadsPerAgent: Int?
        /// Each agent stops when its first this-many runs all fail (0: never); see
        /// ``AgentOptions/maxInitialFailures``.
        public var maxInitialFailures = 5

        /// Launch options.
        public init(sweepFile: String, agents: Int, storePath: String, executable: String) {
            self.sweepFile = sweepFile
            self.agents = agents
            self.storePath = storePath
            self.executable = executable
        }
    }

    /// A snapshot for the live progress line.
    public struct Progress: Sendable {
        /// Runs by state.
        public var counts: [RunState: Int]
        /// The sweep's run limit (its count or run cap), if any.
        public var limit: Int?
        /// The best finished run so far.
        public var best: RunRecord?
        /// Seconds since the agents started.
        public var elapsed: Double
        /// The sweep metric's name.
        public var metric: String
        /// The parameters the sweep varies (constants left out), in name order.
        public var swept: [String]
        /// Whether the counts differ from the previous snapshot (a run started or ended); true
        /// for the first.
        public var countsChanged: Bool
    }

    public let options: Options
    /// The sweep in the store.
    public let sweep: SweepRecord
    /// Its spec.
    public let spec: SweepSpec
    /// Whether this launch created it (else it resumed).
    public let created: Bool
    let store: RunStore

    /// Parses the sweep file (throwing its diagnostics), applies `--data` and `--count`, checks
    /// the data (its memory plan when it is synthetic, and `validation.folds` against its
    /// number of ratings), and creates or resumes the sweep in the store.
    public init(options: Options) throws {
        self.options = options
        var spec = try SweepFile.load(path: options.sweepFile, checksDataFile: options.dataPath == nil)
        // Checked before the store is opened, so a refused launch leaves it untouched.
        if options.resume, options.dataPath != nil || options.duplicates != nil {
            throw SweepError.dataOfResumedSweep(option: options.dataPath != nil ? "--data" : "--duplicates")
        }
        if let path = options.dataPath {
            spec = spec.overridingData(path: path, format: options.dataFormat, duplicates: options.duplicates ?? .error)
        } else if let duplicates = options.duplicates {
            switch spec.data {
            case .file(let path, let format, _)?:
                spec.data = .file(path: path, format: format, duplicates: duplicates)
            case .synthetic?:
                throw SweepError.invalidOption(
                    option: "--duplicates",
                    message:
                        "--duplicates applies to a ratings file, and sweep '\(spec.name)' trains on synthetic data "
                        + "(which rates each pair once)")
            case nil:
                break  // no data at all: loading it says so
            }
        }
        if let count = options.count { spec.count = count }
        var fingerprint = "none"
        if !spec.runsCommand {
            let data: LoadedRatings
            do {
                data = try SweepData.load(spec, cache: StoreLocation.ratingsCache(store: options.storePath))
            } catch let error as MemoryPlanError {
                // Only synthetic data is planned before it exists (a file is read first).
                throw SweepFileError([
                    SweepFile.diagnostic(
                        error.description, at: JSONPath.root.appending("data").appending("synthetic"),
                        inFileAt: options.sweepFile)
                ])
            }
            try Self.check(spec, of: data, file: options.sweepFile)
            try Self.checkFeatures(spec, of: data, file: options.sweepFile)
            fingerprint = data.fingerprint()
        }
        store = try RunStore(path: options.storePath)
        if options.resume, let existing = try store.sweep(named: spec.name) {
            // Resume what the store holds; only --count may change it.
            var stored = try StoredSweep.decode(existing.specJSON, sweep: existing.name)
            if let count = options.count { stored.count = count }
            sweep = try store.updateSweepSpec(sweepID: existing.id, specJSON: StoredSweep(stored).text)
            self.spec = stored
            created = false
        } else {
            let (record, created) = try store.createOrResumeSweep(
                name: spec.name, specJSON: StoredSweep(spec).text, fingerprint: fingerprint,
                now: Date().timeIntervalSince1970)
            sweep = record
            self.spec = spec
            self.created = created
        }
    }

    /// The validation every run of `spec` uses, and where the sweep file sets it: its
    /// `validation` key, else the default implied by a constant `num_folds` (or none: a 20%
    /// holdout). Nil when `num_folds` is swept, so runs may differ.
    static func impliedValidation(of spec: SweepSpec) -> (validation: Validation, path: JSONPath, note: String)? {
        let root = JSONPath.root
        if let validation = spec.validation {
            let key =
                switch validation {
                case .kFold: "folds"
                case .holdout: "holdout"
                case .prequential: "prequential"
                }
            return (validation, root.appending("validation").appending(key), "")
        }
        var h = Hyperparameters()
        switch spec.parameters["num_folds"] {
        case nil:
            return (.defaultFor(h), root, "; the sweep has no \"validation\", so each run holds out 20%")
        case .constant(let value)?:
            guard let n = value.number, n == n.rounded(), abs(n) <= Hyperparameters.largestInteger else { return nil }
            h.numFolds = Int(n)
            return (.defaultFor(h), root.appending("parameters").appending("num_folds"), "")
        default:
            return nil
        }
    }

    /// Refuses, before anything is stored, a validation that the sweep's data cannot satisfy
    /// (more folds than ratings, a holdout that leaves a side empty), or with which even the
    /// smallest run cannot fit in memory: every run would fail on it, as `train` refuses it.
    /// The check is the splitter's own, on the validation the runs will use (see
    /// ``impliedValidation(of:)``).
    ///
    /// - Throws: ``SweepFileError`` at the key that sets the validation, naming the data.
    private static func check(_ spec: SweepSpec, of data: LoadedRatings, file: String) throws {
        guard let (validation, path, note) = impliedValidation(of: spec) else { return }
        do {
            try Splitter.check(validation, of: data.table)
        } catch {
            let count = data.table.count
            let message =
                "\(error.message) (the data, \(data.path), has \(count) rating\(count == 1 ? "" : "s"))\(note)"
            throw SweepFileError([SweepFile.diagnostic(message, at: path, inFileAt: file)])
        }
        // The smallest run the sweep could sample (emb_dim 1, gd, no biases, one thread) is a
        // lower bound on every run's memory: if even it cannot fit, every run would be refused.
        var smallest = Hyperparameters()
        smallest.embDim = 1
        let table = data.table
        let plan = MemoryPlan.training(
            ratings: table.count, users: table.userCount, items: table.itemCount, folds: validation.foldCount,
            hyperparameters: smallest, threads: 1)
        do {
            try plan.check()
        } catch {
            throw SweepFileError([
                SweepFile.diagnostic(
                    "every run would be refused, even the smallest (emb_dim 1, gd): \(error.description)",
                    at: path, inFileAt: file)
            ])
        }
    }

    /// Refuses side features that no run could use (no config of the sweep trains
    /// `embedding_nn`), then loads them once, so a bad side file stops the launch, not every run.
    /// A swept `model` that may draw `dot` is accepted: those runs fail with
    /// ``SideFeatureRequest/needsEmbeddingNN``.
    ///
    /// - Throws: ``SweepFileError`` at `data.features`, or the loader's ``RatingsError``.
    private static func checkFeatures(_ spec: SweepSpec, of data: LoadedRatings, file: String) throws {
        guard spec.features != nil else { return }
        guard SweepData.mayTrainEmbeddingNN(spec) else {
            throw SweepFileError([
                SweepFile.diagnostic(
                    "\(SideFeatureRequest.needsEmbeddingNN): set parameters.model to \"embedding_nn\"",
                    at: JSONPath.root.appending("data").appending("features"), inFileAt: file)
            ])
        }
        _ = try SweepData.features(spec, of: data)
    }

    /// Starts the agents, calls `onProgress` about twice a second until they have all exited
    /// and once more after, and returns the sweep's report.
    public func run(onProgress: (Progress) -> Void) throws -> SweepReport {
        // Whatever goes wrong once the agents start is a failure of the work (exit 1).
        try FailedWork.during { try runAgents(onProgress: onProgress) }
    }

    private func runAgents(onProgress: (Progress) -> Void) throws -> SweepReport {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threads = options.threadsPerAgent ?? max(1, cores / max(1, options.agents))
        var children: [Process] = []
        for k in 0..<options.agents {
            // A stop during the start-up stops the start-up too.
            if StopSignal.isRequested { break }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: options.executable)
            p.arguments = [
                "agent", sweep.name, "--threads", "\(threads)",
                "--heartbeat-grace", "\(options.heartbeatGrace)",
                "--max-initial-failures", "\(options.maxInitialFailures)", "--quiet",
            ]
            p.standardInput = FileHandle.nullDevice
            var env = ProcessInfo.processInfo.environment
            env["MFSWEEP_AGENT_INDEX"] = "\(k)"
            // The store goes in the environment, not on the command line, where `ps` would show
            // a PostgreSQL URL's password to every user of the host.
            env["MFSWEEP_STORE"] = options.storePath
            env[StopSignal.launcherVariable] = "\(ProcessInfo.processInfo.processIdentifier)"
            p.environment = env
            do {
                try p.run()
            } catch {
                for c in children { c.terminate() }
                throw SweepError.agentDidNotStart(executable: options.executable, reason: "\(error)")
            }
            children.append(p)
        }
        let start = Date()
        var forwarded = false
        let limit = Agent.countLimit(spec)
        let swept = spec.parameters.filter { $0.value.isSwept }.keys.sorted()
        var previous: [RunState: Int]?
        func report() {
            guard let counts = try? store.counts(sweepID: sweep.id) else { return }
            onProgress(
                Progress(
                    counts: counts, limit: limit, best: try? bestRun(), elapsed: Date().timeIntervalSince(start),
                    metric: spec.metric.name, swept: swept, countsChanged: counts != previous))
            previous = counts
        }
        while children.contains(where: \.isRunning) {
            if StopSignal.isRequested && !forwarded {
                forwarded = true
                for c in children where c.isRunning { kill(c.processIdentifier, SIGINT) }
            }
            report()
            usleep(500_000)
        }
        // The final counts, which the last poll may have missed.
        report()
        let failedAgents = children.filter { $0.terminationStatus != 0 }
        if !failedAgents.isEmpty && !StopSignal.isRequested {
            throw SweepError.agentsFailed(
                sweep: sweep.name, statuses: failedAgents.map(\.terminationStatus), of: children.count)
        }
        return try SweepReporting.report(store: store, sweep: sweep)
    }

    /// How a launched sweep ended, once its report is shown: stopped by a signal (exit 130),
    /// or every run failed (exit 1); nil when it did its work.
    public static func verdict(_ report: SweepReport, stopped: Bool) -> SweepError? {
        if stopped { return .interrupted(sweep: report.sweep) }
        let counts = report.counts
        let failed = counts["failed", default: 0]
        if failed > 0 && counts["finished", default: 0] == 0 {
            return .everyRunFailed(sweep: report.sweep, runs: failed)
        }
        return nil
    }

    /// The best finished run so far.
    func bestRun() throws -> RunRecord? {
        let finished = try store.runs(sweepID: sweep.id).filter {
            $0.state == .finished && $0.summaryMetric?.isFinite == true
        }
        return finished.min { a, b in
            spec.metric.isBetter(a.summaryMetric!, than: b.summaryMetric!)
        }
    }
}

extension Launcher.Progress {
    /// The live line: `12/20 finished, 2 running, 1 failed  best METRIC 0.9012 (run 7): emb_dim=12
    /// alpha=0.0123  ETA 1m05s`, with only the swept parameters of the best run
    /// (``LiveLine/sweep(counts:limit:elapsedSeconds:best:metric:swept:)``).
    public var line: LiveLine {
        let summary = best.map { run in
            RunSummary(
                number: run.number, state: run.state.rawValue, config: ConfigCoding.decode(run.configJSON) ?? [:],
                metric: run.summaryMetric)
        }
        return LiveLine.sweep(
            counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }), limit: limit,
            elapsedSeconds: elapsed, best: summary, metric: metric, swept: swept)
    }
}

/// The running `mfsweep` binary, which the launcher starts again as agents.
public enum Executable {
    /// Absolute path of the current executable.
    public static var current: String {
        #if os(Linux)
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return target
        }
        #endif
        let arg0 = CommandLine.arguments[0]
        return arg0.hasPrefix("/") ? arg0 : FileManager.default.currentDirectoryPath + "/" + arg0
    }
}
