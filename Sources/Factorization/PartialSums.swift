/// Per-block `Double` partial sums written by parallel tasks (one slot per block) and summed in
/// block order afterwards, so a total never depends on how blocks were spread over threads.
final class PartialSums: @unchecked Sendable {
    // @unchecked Sendable: each slot is written by the single task that owns its block; reads
    // happen after the WorkerPool join.
    let count: Int
    private let base: UnsafeMutablePointer<Double>

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { base.deallocate() }

    @inline(__always)
    func set(_ slot: Int, _ value: Double) { base[slot] = value }

    /// Σ of slots `0..<n` in order.
    func total(first n: Int? = nil) -> Double {
        var s = 0.0
        for k in 0..<(n ?? count) { s += base[k] }
        return s
    }
}
