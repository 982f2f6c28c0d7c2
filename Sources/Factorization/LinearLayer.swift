import Core

/// A fully connected layer y = x·Wᵀ (+ b) of ``EmbeddingNN``, PyTorch's `nn.Linear`, on rows
/// of `SIMD8<Float>` vectors.
///
/// W is stored row-major, one padded row per output (rows padded to a multiple of 8 with zero
/// rows), so the forward pass is 8 dot products at once and both backward products are
/// row-scaled sums. The input layout may have internal padding (the concatenated embeddings):
/// `columnMap` sends logical input column j to its padded position.
final class LinearLayer: @unchecked Sendable {
    // @unchecked Sendable: owned by one EmbeddingNN, which one thread drives.

    /// Vectors per input row.
    let inputVectors: Int
    /// Logical outputs.
    let outputs: Int
    /// Vectors per output row (`ceil(outputs / 8)`).
    let outputVectors: Int
    /// W: `8·outputVectors` rows of `inputVectors` vectors (rows ≥ `outputs` stay zero).
    let weight: ParameterTensor
    /// b (1 × outputs), when the layer has a bias.
    let bias: ParameterTensor?
    /// Logical input column → padded position.
    let columnMap: [Int]
    /// 0, 1, 2, … (row indices for ``Rows8``).
    private let rowIndex: [Int32]

    /// A layer with PyTorch's default initialisation: W and b ~ Uniform(−1/√fan_in, 1/√fan_in)
    /// with fan_in = `columnMap.count`, drawn row by row (W first, then b).
    init(
        inputVectors: Int, columnMap: [Int], outputs: Int, bias hasBias: Bool,
        optimizer: Hyperparameters.Optimizer, using rng: inout SeededGenerator
    ) {
        self.inputVectors = inputVectors
        self.outputs = outputs
        self.columnMap = columnMap
        outputVectors = (outputs + 7) / 8
        rowIndex = (0..<Int32(8 * outputVectors)).map { $0 }
        weight = ParameterTensor(
            rows: 8 * outputVectors, columns: 8 * inputVectors, optimizer: optimizer, decays: true)
        bias = hasBias ? ParameterTensor(rows: 1, columns: outputs, optimizer: optimizer, decays: false) : nil
        let bound = 1 / Double(columnMap.count).squareRoot()
        for o in 0..<outputs {
            for j in columnMap {
                weight.value[o, j] = Float(bound * (2 * rng.nextUnit() - 1))
            }
        }
        if let b = bias {
            for o in 0..<outputs { b.value[0, o] = Float(bound * (2 * rng.nextUnit() - 1)) }
        }
    }

    /// y[r] = W·x[r] (+ b) for `rows` rows (`outputVectors` vectors each; padding lanes zero).
    ///
    /// - Complexity: O(rows · outputs · inputs).
    func forward(_ x: UnsafePointer<SIMD8<Float>>, _ y: UnsafeMutablePointer<SIMD8<Float>>, rows: Int) {
        let w = UnsafePointer(weight.value.base)
        let n = inputVectors
        let ov = outputVectors
        let b = bias.map { UnsafePointer($0.value.base) }
        rowIndex.withUnsafeBufferPointer { index in
            let index = index.baseAddress!
            for r in 0..<rows {
                let xr = x + r * n
                for o in 0..<ov {
                    var s = Kernels.dot8(xr, Rows8(w, index + 8 * o, n), n)
                    if let b { s += b[o] }
                    y[r * ov + o] = s
                }
            }
        }
    }

    /// The backward pass for `rows` rows of input `x` and output gradient `dy`: sets
    /// ∂W = Σ_r dy[r]ᵀ·x[r] and ∂b = Σ_r dy[r], and writes dx[r] = dy[r]·W when `dx` is given.
    ///
    /// - Complexity: O(rows · outputs · inputs).
    func backward(
        _ x: UnsafePointer<SIMD8<Float>>, _ dy: UnsafePointer<SIMD8<Float>>,
        _ dx: UnsafeMutablePointer<SIMD8<Float>>?, rows: Int
    ) {
        let n = inputVectors
        let ov = outputVectors
        let dyScalars = UnsafeRawPointer(dy).assumingMemoryBound(to: Float.self)
        let gw = weight.gradient.base
        // ∂W in blocks of 2 outputs × 4 input vectors, the 8 sums in registers over the rows.
        for o in stride(from: 0, to: outputs, by: 2) {
            for j0 in stride(from: 0, to: n, by: 4) {
                let width = min(4, n - j0)
                var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                var b0 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>(), b3 = SIMD8<Float>()
                for r in 0..<rows {
                    let sa = SIMD8<Float>(repeating: dyScalars[r * ov * 8 + o])
                    let sb = SIMD8<Float>(repeating: dyScalars[r * ov * 8 + o + 1])
                    let xr = x + r * n + j0
                    let x0 = xr[0]
                    a0.addProduct(sa, x0)
                    b0.addProduct(sb, x0)
                    if width > 1 {
                        let x1 = xr[1]
                        a1.addProduct(sa, x1)
                        b1.addProduct(sb, x1)
                    }
                    if width > 2 {
                        let x2 = xr[2]
                        a2.addProduct(sa, x2)
                        b2.addProduct(sb, x2)
                    }
                    if width > 3 {
                        let x3 = xr[3]
                        a3.addProduct(sa, x3)
                        b3.addProduct(sb, x3)
                    }
                }
                let ga = gw + o * n + j0
                let gb = ga + n
                ga[0] = a0
                gb[0] = b0
                if width > 1 {
                    ga[1] = a1
                    gb[1] = b1
                }
                if width > 2 {
                    ga[2] = a2
                    gb[2] = b2
                }
                if width > 3 {
                    ga[3] = a3
                    gb[3] = b3
                }
            }
        }
        if let b = bias {
            let gb = b.gradient.base
            gb.update(repeating: SIMD8<Float>(), count: ov)
            for r in 0..<rows {
                for o in 0..<ov { gb[o] += dy[r * ov + o] }
            }
        }
        guard let dx else { return }
        let w = UnsafePointer(weight.value.base)
        rowIndex.withUnsafeBufferPointer { index in
            let index = index.baseAddress!
            for r in 0..<rows {
                let dxr = dx + r * n
                dxr.update(repeating: SIMD8<Float>(), count: n)
                for o in 0..<ov {
                    Kernels.axpy8(dy[r * ov + o], Rows8(w, index + 8 * o, n), dxr, n)
                }
            }
        }
    }
}
