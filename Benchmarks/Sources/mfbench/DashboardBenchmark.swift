import Dashboard
import Foundation
import Tracking

/// `mfbench dashboard --store FILE --runs N --folds 5 [--mfsweep PATH] [--clients 16] [--seconds 10]`:
///
/// 1. Server time of the sweep page (`/sweeps/bench-report`) on a store of `--runs` finished
///    runs of `--folds` folds (written once, as `mfbench report` does): `cold`, a new
///    dashboard each time, so the page includes reading the sweep and analysing it (what a
///    request pays right after runs changed state); `warm`, the same dashboard again. Medians
///    of `--repeats`, in-process (no HTTP).
/// 2. With `--mfsweep`: on a copy of the store (so the page figures stay those of `--runs`),
///    `mfsweep serve` runs while this process does an agent's writes in a loop (claim a run,
///    log 20 steps of every metric over the folds, finish it), in `--phases` alternating
///    `--seconds`-long phases: alone, then watched by `--clients` clients that each load the
///    sweep page and its progress JSON every second. The clients run in their own process
///    (`mfbench dashboard-clients`), as browsers would. Prints the median time of one
///    claim + metrics + finish in each kind of phase, their ratio, the median ratio of each
///    watched phase to the mean of the alone phases beside it, and each phase's median. The
///    writer does one iteration every `--pace` milliseconds (as an agent writes between
///    trainings; 0 writes back to back).
func benchmarkDashboard(_ args: Arguments) async throws {
    if !FileManager.default.fileExists(atPath: args.store) {
        let start = Date()
        try writeReportStore(args)
        print(String(format: "wrote %@ in %.1f s", args.store, Date().timeIntervalSince(start)))
    }
    let store = try RunStore.existingForReading(at: args.store)
    let request = DashboardRequest(path: "/sweeps/bench-report")
    var cold: [Double] = []
    var warm: [Double] = []
    var bytes = 0
    for _ in 0..<max(1, args.repeats) {
        let dashboard = Dashboard(store: store)
        var start = Date()
        let page = dashboard.respond(to: request)
        cold.append(Date().timeIntervalSince(start) * 1000)
        guard page.status == 200 else { fail("the sweep page answered \(page.status)") }
        bytes = page.body.utf8.count
        start = Date()
        _ = dashboard.respond(to: request)
        warm.append(Date().timeIntervalSince(start) * 1000)
    }
    let runs = try store.runs(sweepID: try store.sweep("bench-report").id).count
    print(
        String(
            format: "mfbench-dashboard page runs=%d folds=%d cold_ms=%.1f warm_ms=%.1f bytes=%d (median of %d)",
            runs, args.folds, median(cold), median(warm), bytes, cold.count))
    guard let mfsweep = args.mfsweep else { return }
    try await benchmarkDashboardLoad(args, mfsweep: mfsweep)
}

/// Part 2: an agent's writes with and without clients watching.
private func benchmarkDashboardLoad(_ args: Arguments, mfsweep: String) async throws {
    let copy = args.store + ".load.sqlite"
    for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: copy + suffix)
        if FileManager.default.fileExists(atPath: args.store + suffix) {
            try FileManager.default.copyItem(atPath: args.store + suffix, toPath: copy + suffix)
        }
    }
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
    let serve = Process()
    serve.executableURL = URL(fileURLWithPath: mfsweep)
    serve.arguments = ["serve", "--store", copy, "--port", "0"]
    let pipe = Pipe()
    serve.standardOutput = pipe
    try serve.run()
    defer { serve.terminate() }
    var banner = Data()
    while !banner.contains(UInt8(ascii: "\n")) {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { fail("serve exited before printing its address") }
        banner += chunk
    }
    guard let line = String(decoding: banner, as: UTF8.self).split(separator: "\n").first,
        let url = line.split(separator: " ").dropFirst().first
    else { fail("serve printed no address") }
    let base = url.hasSuffix("/") ? String(url.dropLast()) : String(url)

    let writer = try RunStore(path: copy)
    let sweep = try writer.sweep("bench-report")
    let agent = AgentIdentity(id: "bench-writer", host: "bench", pid: 2)
    var number = 0
    /// One agent iteration: claim, log 20 steps of metrics, finish; its seconds.
    func iteration() throws -> Double {
        number += 1
        let start = Date()
        let config = #"{"alpha":2.5,"ell_2":0.1,"emb_dim":\#(15 + number % 50),"gram":0.2,"steps":2000}"#
        let outcome = try writer.claimRun(
            sweepID: sweep.id, agent: agent, now: Date().timeIntervalSince1970, heartbeatGrace: 1e9, maxRetries: 0,
            countLimit: nil, propose: { _, _ in config }, fullHistory: false)
        guard case .claimed(let run) = outcome else { fail("claim failed: \(outcome)") }
        var rows: [MetricRecord] = []
        for step in stride(from: 0, to: 2000, by: 100) {
            for f in 0..<args.folds {
                for name in ["Train omse", "Test omse", "l2_loss", "gr_loss", "total_loss"] {
                    rows.append(
                        MetricRecord(runID: run.id, step: step, fold: f, name: name, value: 1 + 1 / Double(step + 1)))
                }
            }
            rows.append(MetricRecord(runID: run.id, step: step, name: "Test omse_mean", value: 0.9))
        }
        try writer.appendMetrics(rows)
        try writer.finishRun(
            runID: run.id, agent: agent, state: .finished, summaryMetric: 0.9 + 0.001 * Double(number % 7),
            folds: (0..<args.folds).map {
                FoldResultRecord(runID: run.id, fold: $0, trainOMSE: 0.7, testOMSE: 0.9, steps: 2000)
            }, error: nil, steps: 2000, seconds: 20, now: Date().timeIntervalSince1970)
        return Date().timeIntervalSince(start)
    }

    var alone: [Double] = []
    var watched: [Double] = []
    var phaseMedians: [Double] = []
    var requests = 0
    var failed = 0
    _ = try iteration()
    for phase in 0..<args.phases {
        let withClients = phase % 2 == 1
        var clients: Process?
        var clientOutput: Pipe?
        if withClients {
            // The watchers run in their own process (as browsers would), for the phase and a
            // second before it, so the phase sees them at their steady rate.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
            process.arguments = [
                "dashboard-clients", "--url", base, "--clients", "\(args.clients)", "--seconds", "\(args.seconds + 1)",
            ]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            clients = process
            clientOutput = pipe
            try await Task.sleep(for: .seconds(1))
        }
        var times: [Double] = []
        let end = Date().addingTimeInterval(Double(args.seconds))
        while Date() < end {
            let t = try iteration()
            times.append(t)
            // An agent writes between trainings: one claim + metrics + finish per `--pace` ms.
            let rest = Double(args.paceMilliseconds) / 1000 - t
            if rest > 0 { try await Task.sleep(for: .seconds(rest)) }
        }
        if let clients, let clientOutput {
            clients.waitUntilExit()
            let line = String(decoding: clientOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            for field in line.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let kv = field.split(separator: "=")
                guard kv.count == 2, let n = Int(kv[1]) else { continue }
                if kv[0] == "requests" { requests += n } else if kv[0] == "failed" { failed += n }
            }
        }
        if withClients { watched += times } else { alone += times }
        phaseMedians.append(median(times) * 1000)
    }
    let a = median(alone) * 1000
    let w = median(watched) * 1000
    // The store grows as the writer claims, so each watched phase is also set against the mean
    // of the alone phases on either side of it.
    var paired: [Double] = []
    for k in stride(from: 1, to: phaseMedians.count - 1, by: 2) {
        let beside: Double = (phaseMedians[k - 1] + phaseMedians[k + 1]) / 2
        paired.append(phaseMedians[k] / beside)
    }
    let pairedSlowdown: Double = paired.isEmpty ? w / a : median(paired)
    var phases: [String] = []
    for (k, m) in phaseMedians.enumerated() { phases.append((k % 2 == 1 ? "w" : "a") + String(format: "%.2f", m)) }
    let figures = String(
        format: "writes_alone_ms=%.2f (n=%d) writes_watched_ms=%.2f (n=%d) slowdown=%.3f paired_slowdown=%.3f",
        a, alone.count, w, watched.count, w / a, pairedSlowdown)
    print(
        "mfbench-dashboard load clients=\(args.clients) pace_ms=\(args.paceMilliseconds) \(figures)"
            + " requests=\(requests) failed=\(failed) phases=\(phases.joined(separator: ","))")
}
