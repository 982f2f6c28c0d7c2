import Core

/// PyTorch's `BatchNorm1d` over rows of `SIMD8<Float>` vectors, for ``EmbeddingNN``.
///
/// Training: y = γ·(x − μ_B)/√(σ²_B + ε) + β with the batch mean and the biased batch variance;
/// the running mean and variance move by momentum 0.1 toward μ_B and the unbiased variance
/// σ²_B·B/(B − 1). Evaluation uses the running statistics. ε = 1e-5.
/// Source: Ioffe & Szegedy, "Batch Normalization" (2015), Algorithm 1 and §3.1.
final class BatchNormLayer: @unchecked Sendable {
    // @unchecked Sendable: owned by one EmbeddingNN, which one thread drives.

    /// Logical features.
    let features: Int
    /// Vectors per row.
    let vectors: Int
    /// γ, initialised to 1.
    let weight: ParameterTensor
    /// β, initialised to `biasInit` (fastai's `BatchNorm`: 1e-3; PyTorch's: 0).
    let bias: ParameterTensor
    /// The running mean (starts at 0).
    let runningMean: FactorMatrix
    /// The running variance (starts at 1).
    let runningVar: FactorMatrix
    /// PyTorch's momentum of the running statistics.
    static let momentum: Float = 0.1
    /// PyTorch's ε.
    static let epsilon: Float = 1e-5
    /// 1/√(σ² + ε) of the last forward pass (batch or running variance).
    private let invStd: FactorMatrix
    /// The mean of the last forward pass (batch or running), then the backward's scale.
    private let sums: FactorMatrix
    /// The batch variance.
    private let sums2: FactorMatrix
    /// x̂ of the last forward pass, one row per batch row.
    private var normalized: FactorMatrix

    /// A layer over `features` features, with room for `rows` batch rows.
    init(features: Int, biasInit: Float, optimizer: Hyperparameters.Optimizer, rows: Int) {
        self.features = features
        weight = ParameterTensor(rows: 1, columns: features, optimizer: optimizer, decays: false)
        bias = ParameterTensor(rows: 1, columns: features, optimizer: optimizer, decays: false)
        runningMean = FactorMatrix(rows: 1, columns: features)
        runningVar = FactorMatrix(rows: 1, columns: features)
        for f in 0..<features {
            weight.value[0, f] = 1
            bias.value[0, f] = biasInit
            runningVar[0, f] = 1
        }
        vectors = weight.value.vectorsPerRow
        invStd = FactorMatrix(rows: 1, columns: features)
        sums = FactorMatrix(rows: 1, columns: features)
        sums2 = FactorMatrix(rows: 1, columns: features)
        normalized = FactorMatrix(rows: max(rows, 1), columns: features)
    }

    /// Makes room for batches of `rows` rows.
    func reserve(rows: Int) {
        if rows > normalized.rows { normalized = FactorMatrix(rows: rows, columns: features) }
    }

    /// y = BN(x) for `rows` rows; `y` may be `x`. Training normalises with the batch statistics
    /// and updates the running ones (not for a single row, whose unbiased variance is undefined;
    /// PyTorch refuses such a batch); evaluation normalises with the running statistics. Both
    /// keep x̂ for ``backward(_:_:rows:training:)``.
    ///
    /// - Complexity: O(rows · features).
    func forward(
        _ x: UnsafePointer<SIMD8<Float>>, _ y: UnsafeMutablePointer<SIMD8<Float>>, rows: Int, training: Bool
    ) {
        reserve(rows: rows)
        let c = vectors
        let mean = sums.base
        let inv = invStd.base
        let eps = SIMD8<Float>(repeating: Self.epsilon)
        if training {
            let variance = sums2.base
            mean.update(repeating: SIMD8<Float>(), count: c)
            variance.update(repeating: SIMD8<Float>(), count: c)
            for r in 0..<rows {
                for j in 0..<c { mean[j] += x[r * c + j] }
            }
            let inverseCount = SIMD8<Float>(repeating: 1 / Float(rows))
            for j in 0..<c { mean[j] *= inverseCount }
            for r in 0..<rows {
                for j in 0..<c {
                    let d = x[r * c + j] - mean[j]
                    variance[j].addProduct(d, d)
                }
            }
            for j in 0..<c {
                variance[j] *= inverseCount
                inv[j] = 1 / (variance[j] + eps).squareRoot()
            }
            if rows > 1 {
                let m = SIMD8<Float>(repeating: Self.momentum)
                let keep = SIMD8<Float>(repeating: 1 - Self.momentum)
                let unbias = SIMD8<Float>(repeating: Float(rows) / Float(rows - 1))
                let rm = runningMean.base
                let rv = runningVar.base
                for j in 0..<c {
                    rm[j] = keep * rm[j] + m * mean[j]
                    rv[j] = keep * rv[j] + m * (variance[j] * unbias)
                }
            }
        } else {
            let rm = runningMean.base
            let rv = runningVar.base
            for j in 0..<c {
                mean[j] = rm[j]
                inv[j] = 1 / (rv[j] + eps).squareRoot()
            }
        }
        let gamma = weight.value.base
        let beta = bias.value.base
        let xhat = normalized.base
        for r in 0..<rows {
            for j in 0..<c {
                let h = (x[r * c + j] - mean[j]) * inv[j]
                xhat[r * c + j] = h
                y[r * c + j] = gamma[j] * h + beta[j]
            }
        }
    }

    /// The backward pass for the last forward's `rows` rows: sets ∂γ = Σ dy·x̂ and ∂β = Σ dy,
    /// and writes dx when `dx` is given (`dx` may be `dy`): in training, where the batch
    /// statistics depend on every row, dx = γ/(B·σ)·(B·dy − ∂β − x̂·∂γ); in evaluation
    /// dx = γ·dy/σ.
    ///
    /// - Complexity: O(rows · features).
    func backward(
        _ dy: UnsafePointer<SIMD8<Float>>, _ dx: UnsafeMutablePointer<SIMD8<Float>>?, rows: Int,
        training: Bool
    ) {
        let c = vectors
        let xhat = normalized.base
        let gGamma = weight.gradient.base
        let gBeta = bias.gradient.base
        gGamma.update(repeating: SIMD8<Float>(), count: c)
        gBeta.update(repeating: SIMD8<Float>(), count: c)
        for r in 0..<rows {
            for j in 0..<c {
                gBeta[j] += dy[r * c + j]
                gGamma[j].addProduct(dy[r * c + j], xhat[r * c + j])
            }
        }
        guard let dx else { return }
        let gamma = weight.value.base
        let inv = invStd.base
        let scale = sums.base
        guard training else {
            for j in 0..<c { scale[j] = gamma[j] * inv[j] }
            for r in 0..<rows {
                for j in 0..<c { dx[r * c + j] = scale[j] * dy[r * c + j] }
            }
            return
        }
        let count = SIMD8<Float>(repeating: Float(rows))
        for j in 0..<c { scale[j] = gamma[j] * inv[j] / count }
        for r in 0..<rows {
            for j in 0..<c {
                let k = r * c + j
                dx[k] = scale[j] * (count * dy[k] - gBeta[j] - xhat[k] * gGamma[j])
            }
        }
    }
}
