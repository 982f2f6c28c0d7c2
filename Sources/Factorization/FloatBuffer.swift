/// A fixed-length `Float` buffer shared by pointer between the trainer's threads (biases and
/// their optimizer state). See ``WorkerPool`` for the rule that makes sharing safe.
public final class FloatBuffer: @unchecked Sendable {
    // @unchecked Sendable: writes from different threads go to disjoint indices within one
    // pool call, and calls are ordered by the pool's join.

    /// Number of elements.
    public let count: Int
    let base: UnsafeMutablePointer<Float>

    /// A zero buffer of `count` elements.
    public init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    deinit {
        base.deallocate()
    }

    /// Element access.
    public subscript(i: Int) -> Float {
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
    public var array: [Float] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Copies every element of `other`, which must have the same length.
    public func copy(from other: FloatBuffer) {
        precondition(count == other.count)
        base.update(from: other.base, count: count)
    }
}
