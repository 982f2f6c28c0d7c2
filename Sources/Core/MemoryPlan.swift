#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a piece of work will allocate, part by part, estimated from its inputs before anything
/// big is allocated, so that work the machine cannot hold is refused with a message instead of
/// trapping in an allocation half-way through.
///
/// The module that owns the work makes its plan (Factorization: a training run; Ratings: a
/// synthetic table) and calls ``check(available:)``. Estimates are upper bounds of the peak
/// resident memory that the work's own arrays reach, within a small factor; what the process
/// held before (the binary, the libraries) is not counted. docs/limits.md, "Memory", lists the
/// formulas.
public struct MemoryPlan: Sendable, Equatable {
    /// One part of a plan: a name a person recognises (`factors`, `optimizer state`) and bytes.
    public struct Part: Sendable, Equatable {
        /// What the bytes hold.
        public var name: String
        /// Bytes; a `Double` so that sizes from absurd inputs (10⁹ users × 10⁹ items) cannot
        /// overflow.
        public var bytes: Double

        /// A part of `bytes` bytes.
        public init(_ name: String, bytes: Double) {
            self.name = name
            self.bytes = bytes
        }
    }

    /// The work, as the message names it (`this training plan`, `data synth`).
    public var work: String
    /// The parts, in the order they are listed.
    public var parts: [Part]
    /// What to change to need less (`use fewer folds or a smaller emb_dim`), or nil.
    public var advice: String?

    /// A plan for `work`.
    public init(work: String, parts: [Part], advice: String? = nil) {
        self.work = work
        self.parts = parts
        self.advice = advice
    }

    /// The bytes of every part together.
    public var totalBytes: Double { parts.reduce(0) { $0 + $1.bytes } }

    /// The bytes of the part named `name` (0 when there is none).
    public func bytes(of name: String) -> Double {
        parts.filter { $0.name == name }.reduce(0) { $0 + $1.bytes }
    }

    /// Checks that the plan fits in `available` bytes (by default the machine's physical
    /// memory, ``MachineMemory/physicalBytes``).
    ///
    /// - Throws: ``MemoryPlanError`` saying how much the plan needs, by part, and how much the
    ///   machine has.
    public func check(available: Double = MachineMemory.physicalBytes) throws(MemoryPlanError) {
        guard totalBytes > available else { return }
        throw MemoryPlanError(plan: self, available: available)
    }
}

/// A plan that needs more memory than the machine has: `this training plan needs 41.2 GiB
/// (factors 38.0 GiB, optimizer state 2.9 GiB, …) but the machine has 23.5 GiB of memory; …`.
public struct MemoryPlanError: MFSweepError, Equatable {
    /// The refused plan.
    public var plan: MemoryPlan
    /// The bytes it was compared with.
    public var available: Double

    /// The refusal of `plan` on a machine with `available` bytes.
    public init(plan: MemoryPlan, available: Double) {
        self.plan = plan
        self.available = available
    }

    /// One line: the total, the parts (largest first, those of at least 1% of the total),
    /// the machine's memory and the advice.
    public var description: String {
        let total = plan.totalBytes
        let shown = plan.parts.filter { $0.bytes >= total / 100 }.sorted { $0.bytes > $1.bytes }
        let parts = shown.map { "\($0.name) \(ByteCount.text($0.bytes))" }.joined(separator: ", ")
        return "\(plan.work) needs \(ByteCount.text(total)) (\(parts)) but the machine has "
            + "\(ByteCount.text(available)) of memory" + (plan.advice.map { "; \($0)" } ?? "")
    }

    /// No file or parameter is to blame alone: the machine ran out of room for the whole plan.
    public var location: ErrorLocation? { nil }
    /// The plan comes from the user's input (data size, folds, emb_dim), so it is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}

/// The memory of the machine the process runs on.
public enum MachineMemory {
    /// The physical memory: `sysconf(_SC_PHYS_PAGES) · sysconf(_SC_PAGESIZE)` (Linux and macOS).
    ///
    /// Plans are compared with the physical memory rather than with what is free at the moment
    /// (`MemAvailable` in /proc/meminfo): the check is there to refuse work that can never fit
    /// on this machine, and it must give the same answer for the same input whatever else runs
    /// (several agents check their runs at once). A container's memory limit is not read.
    public static var physicalBytes: Double {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return .infinity }
        return Double(pages) * Double(pageSize)
    }
}

/// Byte counts as people read them, in binary units: `512 bytes`, `4.4 MiB`, `41.2 GiB`.
public enum ByteCount {
    /// `bytes` with one decimal in the largest unit that keeps the number at least 1.
    public static func text(_ bytes: Double) -> String {
        guard bytes.isFinite else { return "\(bytes) bytes" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        guard bytes >= 1024 else { return "\(Int(bytes.rounded())) bytes" }
        var value = bytes / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
