import Dispatch
import Factorization
import Foundation
import Search
import Synchronization

/// One study: `trials` sequential trials of one method on one function with one seed.
struct Study: Sendable {
    var function: BenchmarkFunctions
    var method: SearchMethod
    var seed: UInt64
    /// Simple regret after each trial: the best value so far minus the global minimum.
    var regret: [Double]
    /// CPU milliseconds the sampler spent proposing each trial.
    var cpuMilliseconds: [Double]
}

/// CPU seconds used by the calling thread.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Runs one study: each trial asks `Sampling.nextConfig` with the whole history (every earlier
/// trial finished with its value), evaluates the function and records it.
func runStudy(_ function: BenchmarkFunctions, _ method: SearchMethod, seed: UInt64, trials: Int) -> Study {
    let spec = function.sweepSpec(method: method, seed: seed)
    var history: [Trial] = []
    var best = Double.infinity
    var study = Study(function: function, method: method, seed: seed, regret: [], cpuMilliseconds: [])
    for run in 1...trials {
        let start = threadCPUSeconds()
        guard let config = Sampling.nextConfig(spec: spec, runNumber: run, history: history) else {
            fail("\(method.rawValue) proposed nothing for run \(run) of \(function.rawValue)")
        }
        study.cpuMilliseconds.append((threadCPUSeconds() - start) * 1000)
        guard let value = function.value(config) else { fail("bad config \(config)") }
        history.append(Trial(config: config, state: .finished, metric: value))
        best = min(best, value)
        study.regret.append(max(best - function.minimum, 0))
    }
    return study
}

/// The q-quantile of `xs` with linear interpolation between order statistics (numpy's default).
func quantile(_ xs: [Double], _ q: Double) -> Double {
    let s = xs.sorted()
    let position = q * Double(s.count - 1)
    let lo = Int(position.rounded(.down))
    let hi = min(lo + 1, s.count - 1)
    return s[lo] + (s[hi] - s[lo]) * (position - Double(lo))
}

/// `mfbench samplers`: one study per (function, method, seed); median and [p25, p75] simple
/// regret over seeds at 10/20/30/50 trials, and the sampler's CPU time per trial (the mean over
/// all trials of all seeds, and the median of the last trial's).
func benchmarkSamplers(_ args: Arguments) {
    let functions = args.functions.map { name -> BenchmarkFunctions in
        guard let f = BenchmarkFunctions(rawValue: name) else {
            fail(
                "unknown function \(name); known: \(BenchmarkFunctions.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return f
    }
    let methods = args.methods.map { name -> SearchMethod in
        guard let m = SearchMethod(rawValue: name), m != .grid else {
            fail("unknown method \(name); the benchmark runs random, gaussian and bayes")
        }
        return m
    }
    guard !args.seeds.isEmpty else { fail("--seeds selects no seed") }
    let jobs = functions.flatMap { f in methods.flatMap { m in args.seeds.map { (f, m, $0) } } }

    let results = Mutex<[Study?]>(Array(repeating: nil, count: jobs.count))
    let next = Atomic<Int>(0)
    let trials = args.trials
    let workers = min(args.jobs, jobs.count)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let i = next.add(1, ordering: .relaxed).oldValue
            guard i < jobs.count else { return }
            let study = runStudy(jobs[i].0, jobs[i].1, seed: jobs[i].2, trials: trials)
            results.withLock { $0[i] = study }
        }
    }
    let studies = results.withLock { $0.compactMap { $0 } }

    let checkpoints = Array(Set([10, 20, 30, 50].filter { $0 <= trials } + [trials])).sorted()
    var rows: [[String: Any]] = []
    for f in functions {
        if !args.json {
            print(
                "\n\(f.rawValue) (d = \(f.dimension), min \(f.minimum)): simple regret, median [p25, p75] over "
                    + "\(args.seeds.count) seeds; sampler CPU ms per trial")
            let header =
                ["method".padding(toLength: 9, withPad: " ", startingAt: 0)]
                + checkpoints.map { "@\($0)".padding(toLength: 34, withPad: " ", startingAt: 0) }
                + ["ms/trial", "ms@\(trials)"]
            print(header.joined(separator: " "))
        }
        for m in methods {
            let group = studies.filter { $0.function == f && $0.method == m }
            var regret: [String: [String: Double]] = [:]
            var cells: [String] = []
            for k in checkpoints {
                let values = group.map { $0.regret[k - 1] }
                let (med, p25, p75) = (quantile(values, 0.5), quantile(values, 0.25), quantile(values, 0.75))
                regret["\(k)"] = ["median": med, "p25": p25, "p75": p75]
                cells.append(
                    "\(format(med)) [\(format(p25)), \(format(p75))]".padding(toLength: 34, withPad: " ", startingAt: 0)
                )
            }
            let all = group.flatMap { $0.cpuMilliseconds }
            let perTrial = all.reduce(0, +) / Double(all.count)
            let last = quantile(group.map { $0.cpuMilliseconds[trials - 1] }, 0.5)
            rows.append([
                "function": f.rawValue, "method": m.rawValue, "regret": regret, "cpu_ms_per_trial": perTrial,
                "cpu_ms_last_trial": last,
            ])
            if !args.json {
                print(
                    ([m.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)] + cells
                        + [String(format: "%8.3f", perTrial), String(format: "%8.3f", last)]).joined(separator: " "))
            }
        }
    }
    if args.json {
        let object: [String: Any] = [
            "trials": trials, "seeds": args.seeds.map { Int($0) }, "checkpoints": checkpoints, "results": rows,
        ]
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } catch {
            fail("\(error)")
        }
    }
}

/// Four significant digits, as the Optuna tables print.
func format(_ x: Double) -> String {
    String(format: "%.4g", x)
}
