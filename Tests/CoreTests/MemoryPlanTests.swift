import Testing

@testable import Core

/// The memory plan: its total, its refusal message and exit status, and byte counts as text.
struct MemoryPlanTests {
    static let gib = 1024.0 * 1024 * 1024

    @Test func byteCountsReadInBinaryUnitsWithOneDecimal() {
        #expect(ByteCount.text(0) == "0 bytes")
        #expect(ByteCount.text(512) == "512 bytes")
        #expect(ByteCount.text(1536) == "1.5 KiB")
        #expect(ByteCount.text(4.4 * 1024 * 1024) == "4.4 MiB")
        #expect(ByteCount.text(41.2 * Self.gib) == "41.2 GiB")
        #expect(ByteCount.text(3 * 1024 * Self.gib) == "3.0 TiB")
    }

    @Test func aPlanThatFitsPasses() throws {
        let plan = MemoryPlan(work: "w", parts: [.init("a", bytes: 3), .init("b", bytes: 4)])
        #expect(plan.totalBytes == 7)
        #expect(plan.bytes(of: "b") == 4 && plan.bytes(of: "c") == 0)
        try plan.check(available: 7)
    }

    @Test func aPlanTooBigIsRefusedWithItsPartsLargestFirstAndExit64() {
        let plan = MemoryPlan(
            work: "this training plan",
            parts: [
                .init("ratings table", bytes: 0.001 * Self.gib), .init("factors", bytes: 38 * Self.gib),
                .init("optimizer state", bytes: 3.2 * Self.gib),
            ],
            advice: "use fewer folds")
        #expect(throws: MemoryPlanError.self) { try plan.check(available: 23.5 * Self.gib) }
        let error = MemoryPlanError(plan: plan, available: 23.5 * Self.gib)
        // Parts under 1% of the total are left out of the line.
        #expect(
            error.description
                == "this training plan needs 41.2 GiB (factors 38.0 GiB, optimizer state 3.2 GiB) but the machine "
                + "has 23.5 GiB of memory; use fewer folds")
        #expect(error.exitStatus == .invalidInput && error.location == nil)
        #expect(error.diagnosticLines.count == 1)
    }

    @Test func theMachineHasSomePhysicalMemory() {
        let bytes = MachineMemory.physicalBytes
        #expect(bytes > 64 * 1024 * 1024 && bytes.isFinite)
    }
}
