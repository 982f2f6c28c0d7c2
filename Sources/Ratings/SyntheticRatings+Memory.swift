public import Core

extension SyntheticRatings {
    /// The memory that generating `spec`'s table needs, from the spec alone, so that a spec too
    /// large for the machine is refused (`try memoryPlan(spec).check()`) before anything is
    /// allocated.
    ///
    /// With R = users · items · density expected ratings, N users, M items and rank r:
    /// - the table: ``RatingsTable/estimatedBytes(ratings:users:items:)``;
    /// - plus the larger of the generator's scratch (the (user, item) pairs, 8 · 1.05 · R + 8 ·
    ///   (N + M), reserved up front; the hidden factors and biases, 8 · (r + 1) · (N + M); the raw
    ///   ids before they are interned, 16 · (N + M)) and the fingerprint's (one 24-byte record per
    ///   rating and about 80 bytes per raw id), which `data synth` and a sweep compute next.
    ///
    /// - Precondition: `spec.validate()` does not throw.
    public static func memoryPlan(_ spec: SyntheticSpec) -> MemoryPlan {
        let n = Double(spec.users)
        let m = Double(spec.items)
        let ratings = n * m * spec.density
        let table = RatingsTable.estimatedBytes(ratings: ratings, users: n, items: m)
        let generator = 8 * (1.05 * ratings + n + m) + 8 * Double(spec.rank + 1) * (n + m) + 16 * (n + m)
        let fingerprint = 24 * ratings + 80 * (n + m)
        let scratch =
            generator >= fingerprint
            ? MemoryPlan.Part("generator buffers", bytes: generator)
            : MemoryPlan.Part("fingerprint", bytes: fingerprint)
        return MemoryPlan(
            work: "the synthetic data (\(spec.users) users × \(spec.items) items at density \(spec.density))",
            parts: [MemoryPlan.Part("ratings table", bytes: table), scratch],
            advice: "use fewer users or items, or a lower density")
    }
}
