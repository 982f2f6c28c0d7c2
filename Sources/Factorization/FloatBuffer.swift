/// A fixed-length `Float` buffer shared by pointer between the trainer's threads (biases and
/// their optimizer state). See ``WorkerPool`` for the rule that makes sharing safe. Outside
/// this module a model's biases are only seen as `[Float]` copies.
final class FloatBuffer: @unchecked Sendable {
    // @unchecked Sendable: a buffer is written only (1) while it is being filled, before any
    // other thread has it, and (2) by the one FoldTrainer that owns it, whose tasks write
    // disjoint indices within one pool call, and calls are ordered by the pool's join. A model's
    // biases leave the trainer only when `LockstepTrainer.run` returns (the trainer is then
    // gone), and `MFModel` has no API that writes them, so from then on they are only read.

    /// Number of elements.
    let count: Int
    let base: UnsafeMutablePointer<Float>

    /// A zero buffer of `count` elements.
    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    deinit {
        base.deallocate()
    }

    /// Bytes of the storage.
    var bytes: Int { max(count, 1) * MemoryLayout<Float>.stride }

    /// Element access.
    subscript(i: Int) -> Float {
        get {
            precondition(i >= 0 && i < count)
            return base[i]
        }
        set {
            precondition(i >= 0 && i < count)
            base[i] = newValue
        }
    }

    /// The elements as an array.
    var array: [Float] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// A buffer holding `values`.
    convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { base.update(from: start, count: values.count) }
        }
    }
}
