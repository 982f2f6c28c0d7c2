import Dashboard
import Foundation
import Synchronization
import Tracking

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `mfbench dashboard --store FILE --runs N --folds 5 [--mfsweep PATH] [--clients 16] [--seconds 10]`:
///
/// 1. Server time of the sweep page (`/sweeps/bench-report`) on a store of `--runs` finished
///    runs of `--folds` folds (written once, as `mfbench report` does): `cold`, a new
///    dashboard each time, so the page includes reading the sweep and analysing it (what a
///    request pays right after runs changed state); `warm`, the same dashboard again. Medians
///    of `--repeats`, in-process (no HTTP).
/// 2. With `--mfsweep`: `mfsweep serve` runs on the store while this process does an agent's
///    writes in a loop (claim a run, log 20 steps of every metric over the folds, finish it),
///    in alternating `--seconds`-long phases with no clients and with `--clients` clients that
///    each load the sweep page and its progress JSON every second. Prints the median time of
///    one claim + metrics + finish in each kind of phase and their ratio.
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
    let serve = Process()
    serve.executableURL = URL(fileURLWithPath: mfsweep)
    serve.arguments = ["serve", "--store", args.store, "--port", "0"]
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

    let writer = try RunStore(path: args.store)
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

    let flags = ClientFlags()
    let clients = (0..<args.clients).map { k in
        Task.detached {
            let session = URLSession(configuration: .ephemeral)
            try? await Task.sleep(for: .milliseconds(1000 * k / max(1, args.clients)))
            while !flags.stop.load(ordering: .relaxed) {
                if flags.watching.load(ordering: .relaxed) {
                    for path in ["/sweeps/bench-report", "/api/sweeps/bench-report/progress"] {
                        if let (_, response) = try? await session.data(from: URL(string: base + path)!),
                            (response as? HTTPURLResponse)?.statusCode == 200
                        {
                            flags.requests.add(1, ordering: .relaxed)
                        }
                    }
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
    var alone: [Double] = []
    var watched: [Double] = []
    _ = try iteration()
    for phase in 0..<4 {
        let withClients = phase % 2 == 1
        flags.watching.store(withClients, ordering: .relaxed)
        if withClients { try await Task.sleep(for: .seconds(1)) }
        let end = Date().addingTimeInterval(Double(args.seconds))
        while Date() < end {
            let t = try iteration()
            if withClients { watched.append(t) } else { alone.append(t) }
        }
    }
    flags.stop.store(true, ordering: .relaxed)
    for c in clients { _ = await c.value }
    let a = median(alone) * 1000
    let w = median(watched) * 1000
    print(
        String(
            format:
                "mfbench-dashboard load clients=%d writes_alone_ms=%.2f (n=%d) writes_watched_ms=%.2f (n=%d) slowdown=%.3f requests=%d",
            args.clients, a, alone.count, w, watched.count, w / a, flags.requests.load(ordering: .relaxed)))
}

/// What the benchmark's client tasks share with it.
private final class ClientFlags: Sendable {
    /// Whether clients load pages now.
    let watching = Atomic<Bool>(false)
    /// Whether clients should end.
    let stop = Atomic<Bool>(false)
    /// Pages loaded.
    let requests = Atomic<Int>(0)
}
