import Testing

@testable import Tracking

struct UpdateSweepSpecTests {
    @Test func replacesTheSpecAndReopensTheSweep() throws {
        let store = try RunStore.inMemory()
        let (sweep, _) = try store.createOrResumeSweep(name: "s", specJSON: "{\"count\":2}", fingerprint: "f", now: 1)
        try store.setSweepState(sweepID: sweep.id, state: .finished)
        let updated = try store.updateSweepSpec(sweepID: sweep.id, specJSON: "{\"count\":5}")
        #expect(updated.specJSON == "{\"count\":5}" && updated.state == .running)
        #expect(try store.sweep(named: "s")?.specJSON == "{\"count\":5}")
        #expect(throws: StoreError.self) { try store.updateSweepSpec(sweepID: 99, specJSON: "{}") }
    }
}
