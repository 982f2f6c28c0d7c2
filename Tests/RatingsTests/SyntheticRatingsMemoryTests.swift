import Core
import Ratings
import Testing

/// The memory plan of synthetic data, against hand computations and the tables it makes.
struct SyntheticRatingsMemoryTests {
    @Test func planMatchesAHandComputation() {
        // 1000 users × 300 items at density 0.1, rank 5: 30 000 expected ratings.
        let plan = SyntheticRatings.memoryPlan(SyntheticSpec(users: 1000, items: 300, rank: 5, density: 0.1))
        let table = 20.0 * 30_000 + 64 * 1300
        // Generator: pairs 8 · (1.05 · 30 000 + 1300), factors and biases 8 · 6 · 1300, ids 16 · 1300 = 345 600;
        // the fingerprint, 24 · 30 000 + 80 · 1300 = 824 000, is larger.
        #expect(abs(plan.bytes(of: "ratings table") - table) < 1)
        #expect(abs(plan.bytes(of: "fingerprint") - 824_000) < 1)
        #expect(plan.bytes(of: "generator buffers") == 0)
        #expect(abs(plan.totalBytes - (table + 824_000)) < 1)
    }

    @Test func twoBillionUsersAreRefusedBeforeAnythingIsAllocated() throws {
        // Within the spec's limits (10⁹ expected ratings), far beyond any machine's memory.
        let spec = SyntheticSpec(users: 2_000_000_000, items: 1, density: 0.5)
        try spec.validate()
        let plan = SyntheticRatings.memoryPlan(spec)
        // 64 bytes of id maps per user alone is 128 GB.
        #expect(plan.totalBytes > 3e11)
        #expect(throws: MemoryPlanError.self) { try plan.check() }
    }

    @Test func theTablePartCoversTheGeneratedTablesArrays() {
        for (users, items, density) in [(500, 300, 0.1), (2000, 100, 0.3), (50, 4000, 0.02)] {
            let spec = SyntheticSpec(users: users, items: items, density: density)
            let t = SyntheticRatings.generate(spec)
            let arrays = Double(t.users.count * 4 + t.items.count * 4 + t.ratings.count * 4 + t.timestamps.count * 8)
            let estimate = SyntheticRatings.memoryPlan(spec).bytes(of: "ratings table")
            // The id maps come on top of the arrays; the expected count is within a few percent.
            #expect(estimate >= 0.95 * arrays && estimate <= 1.5 * arrays + 64 * Double(users + items), "\(spec)")
        }
    }
}
