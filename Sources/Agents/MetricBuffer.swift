import Tracking

/// Metric rows collected during a run and written to the store in batches (every `rows` rows
/// or `seconds` seconds, and at the end), so logging costs a few transactions per run.
final class MetricBuffer {
    private let store: RunStore
    private let rows: Int
    private let seconds: Double
    private var pending: [MetricRecord] = []
    private var lastFlush = ContinuousClock.now

    init(store: RunStore, rows: Int = 5_000, seconds: Double = 2) {
        self.store = store
        self.rows = rows
        self.seconds = seconds
    }

    func append(_ records: [MetricRecord]) throws {
        pending += records
        let elapsed = lastFlush.duration(to: .now)
        if pending.count >= rows || elapsed > .milliseconds(Int(seconds * 1000)) {
            try flush()
        }
    }

    func flush() throws {
        guard !pending.isEmpty else { return }
        try store.appendMetrics(pending)
        pending.removeAll(keepingCapacity: true)
        lastFlush = .now
    }
}
