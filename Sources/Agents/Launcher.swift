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
        public var agents: Int
        public var count: Int?
        public var resume: Bool = false
        public var storePath: String
        /// The `mfsweep` executable the agents run.
        public var executable: String
        public var heartbeatGrace: Double = 30
        /// Training threads per agent (nil: the cores divided among the agents).
        public var threadsPerAgent: Int?

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
        public var counts: [RunState: Int]
        public var limit: Int?
        public var best: RunRecord?
        public var elapsed: Double
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
    /// the data, and creates or resumes the sweep in the store.
    public init(options: Options) throws {
        self.options = options
        var spec = try SweepFile.load(path: options.sweepFile, checksDataFile: options.dataPath == nil)
        if let path = options.dataPath { spec = spec.overridingData(path: path, format: options.dataFormat) }
        if let count = options.count { spec.count = count }
        var fingerprint = "none"
        if !spec.runsCommand {
            fingerprint = Fingerprint.of(try SweepData.load(spec).table)
        }
        store = try RunStore(path: options.storePath)
        if options.resume, options.dataPath != nil {
            throw SweepError.dataOfResumedSweep
        }
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

    /// Starts the agents, calls `onProgress` about twice a second until they have all exited,
    /// and returns the sweep's report.
    public func run(onProgress: (Progress) -> Void) throws -> SweepReport {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threads = options.threadsPerAgent ?? max(1, cores / max(1, options.agents))
        var children: [Process] = []
        for k in 0..<options.agents {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: options.executable)
            p.arguments = [
                "agent", sweep.name, "--store", options.storePath, "--threads", "\(threads)",
                "--heartbeat-grace", "\(options.heartbeatGrace)",
                "--heartbeat-interval", "\(min(5, options.heartbeatGrace / 4))", "--quiet",
            ]
            p.standardInput = FileHandle.nullDevice
            var env = ProcessInfo.processInfo.environment
            env["MFSWEEP_AGENT_INDEX"] = "\(k)"
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
        while children.contains(where: \.isRunning) {
            if StopSignal.isRequested && !forwarded {
                forwarded = true
                for c in children where c.isRunning { kill(c.processIdentifier, SIGINT) }
            }
            if let counts = try? store.counts(sweepID: sweep.id) {
                let best = try? bestRun()
                onProgress(Progress(counts: counts, limit: limit, best: best, elapsed: Date().timeIntervalSince(start)))
            }
            usleep(500_000)
        }
        let failedAgents = children.filter { $0.terminationStatus != 0 }
        if !failedAgents.isEmpty && !StopSignal.isRequested {
            throw SweepError.agentsFailed(
                sweep: sweep.name, statuses: failedAgents.map(\.terminationStatus), of: children.count)
        }
        return try SweepReporting.report(store: store, sweep: sweep)
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
    /// `12/20 finished, 2 running, 1 failed  best 0.9012 (run 7)  ETA 1m05s`.
    public func render(metric: String) -> String {
        let finished = counts[.finished, default: 0]
        let done = finished + counts[.failed, default: 0] + counts[.pruned, default: 0]
        var parts = ["\(finished)\(limit.map { "/\($0)" } ?? "") finished", "\(counts[.running, default: 0]) running"]
        for state in [RunState.failed, .crashed, .stopped] where counts[state, default: 0] > 0 {
            parts.append("\(counts[state]!) \(state.rawValue)")
        }
        var line = parts.joined(separator: ", ")
        if let best, let m = best.summaryMetric {
            line += "  best \(metric) \(String(format: "%.4f", m)) (run \(best.number): \(best.configJSON))"
        }
        if let limit, done > 0, done < limit {
            let eta = elapsed / Double(done) * Double(limit - done)
            line += "  ETA \(Int(eta.rounded()))s"
        }
        return line
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
