import Core

/// Inverted dropout masks (PyTorch's `nn.Dropout` in training mode): each element is kept with
/// probability 1 − p and then scaled by 1/(1 − p), so evaluation needs no rescaling.
enum Dropout {
    /// Fills `count` vectors with 0 or 1/(1 − p), one 32-bit draw per lane (4 draws of 64 bits
    /// per vector), in order, so the same generator state gives the same mask.
    static func fillMask(
        _ mask: UnsafeMutablePointer<SIMD8<Float>>, count: Int, p: Float, using rng: inout SeededGenerator
    ) {
        // P(bits ≥ threshold) = 1 − threshold/2³² = 1 − p (to 2⁻³²).
        let threshold = SIMD8<UInt32>(repeating: UInt32(min((Double(p) * 0x1p32).rounded(), 0xFFFF_FFFF)))
        let scale = SIMD8<Float>(repeating: 1 / (1 - p))
        for k in 0..<count {
            let a = rng.next()
            let b = rng.next()
            let c = rng.next()
            let d = rng.next()
            let bits = SIMD8<UInt32>(
                UInt32(truncatingIfNeeded: a), UInt32(truncatingIfNeeded: a >> 32),
                UInt32(truncatingIfNeeded: b), UInt32(truncatingIfNeeded: b >> 32),
                UInt32(truncatingIfNeeded: c), UInt32(truncatingIfNeeded: c >> 32),
                UInt32(truncatingIfNeeded: d), UInt32(truncatingIfNeeded: d >> 32))
            mask[k] = SIMD8<Float>().replacing(with: scale, where: bits .>= threshold)
        }
    }

    /// x[k] *= mask[k] for `count` vectors.
    @inline(__always)
    static func apply(
        _ mask: UnsafePointer<SIMD8<Float>>, to x: UnsafeMutablePointer<SIMD8<Float>>, count: Int
    ) {
        for k in 0..<count { x[k] *= mask[k] }
    }
}
