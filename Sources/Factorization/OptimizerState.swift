import Core

/// The optimizer's per-parameter state (momentum buffers, RMSProp's and Adam's moments) and its
/// update rules, applied one row at a time by the trainer's phases.
///
/// Every rule first applies the decoupled weight decay p ← p·(1 − lr·wd) (PyTorch's `AdamW`
/// and fastai's `true_wd` order), with lr the schedule's rate before Adam's bias correction.
final class OptimizerState: @unchecked Sendable {
    // @unchecked Sendable: each row/index is updated by exactly one task per step, and steps
    // are ordered by the WorkerPool join.

    /// Scalars of one step's update, computed once per task.
    struct StepScales {
        var kind: Hyperparameters.Optimizer
        /// Learning rate (Adam: with the bias correction folded in).
        var lr: Float
        var momentum: Float
        var beta1: Float
        var beta2: Float
        /// RMSProp's smoothing constant.
        var rho: Float
        /// Adam's ε with the bias correction folded in (RMSProp's ε as is).
        var epsilon: Float
        /// The decoupled weight decay's factor 1 − lr·wd (1 without `wd`).
        var decay: Float
    }

    let optimizer: Hyperparameters.Optimizer
    private let firstU: FactorMatrix?
    private let firstV: FactorMatrix?
    private let secondU: FactorMatrix?
    private let secondV: FactorMatrix?
    private let firstUserBias: FloatBuffer?
    private let firstItemBias: FloatBuffer?
    private let secondUserBias: FloatBuffer?
    private let secondItemBias: FloatBuffer?

    init(optimizer: Hyperparameters.Optimizer, userCount: Int, itemCount: Int, embDim: Int, bias: Bool) {
        self.optimizer = optimizer
        let first = optimizer.hasFirstMoment
        let second = optimizer.hasSecondMoment
        firstU = first ? FactorMatrix(rows: userCount, columns: embDim) : nil
        firstV = first ? FactorMatrix(rows: itemCount, columns: embDim) : nil
        secondU = second ? FactorMatrix(rows: userCount, columns: embDim) : nil
        secondV = second ? FactorMatrix(rows: itemCount, columns: embDim) : nil
        firstUserBias = first && bias ? FloatBuffer(count: userCount) : nil
        firstItemBias = first && bias ? FloatBuffer(count: itemCount) : nil
        secondUserBias = second && bias ? FloatBuffer(count: userCount) : nil
        secondItemBias = second && bias ? FloatBuffer(count: itemCount) : nil
    }

    /// Bytes of every buffer of the state.
    var bytes: Int {
        [firstU, firstV, secondU, secondV].reduce(0) { $0 + ($1?.bytes ?? 0) }
            + [firstUserBias, firstItemBias, secondUserBias, secondItemBias].reduce(0) { $0 + ($1?.bytes ?? 0) }
    }

    /// The scalars for update `t` (1-based) at learning rate `learningRate`; a one-cycle
    /// schedule's momentum is taken at step `scheduleStep` (default t − 1).
    func stepScales(_ h: Hyperparameters, learningRate: Float, t: Int, scheduleStep: Int? = nil) -> StepScales {
        Self.stepScales(h, optimizer: optimizer, learningRate: learningRate, t: t, scheduleStep: scheduleStep)
    }

    /// The scalars of `optimizer` for update `t` (see the instance method); they depend on no
    /// state, so a trainer whose parameters keep their own moments (``EmbeddingNN``) uses this.
    static func stepScales(
        _ h: Hyperparameters, optimizer: Hyperparameters.Optimizer, learningRate: Float, t: Int,
        scheduleStep: Int? = nil
    ) -> StepScales {
        // A one-cycle schedule sets the momentum (or β1) of each step, as fastai does.
        let cycled = h.cycledMomentum(at: scheduleStep ?? t - 1)
        let beta1 = cycled ?? h.beta1
        var s = StepScales(
            kind: optimizer, lr: learningRate, momentum: Float(cycled ?? h.momentum), beta1: Float(beta1),
            beta2: Float(h.beta2), rho: Float(h.rho), epsilon: Float(h.epsilon),
            decay: Float(1 - Double(learningRate) * h.wd))
        if optimizer == .adam {
            // m̂/(√v̂ + ε) = [√(1−β2ᵗ)/(1−β1ᵗ)] · m/(√v + ε·√(1−β2ᵗ))  (Kingma & Ba, §2); with a
            // cycled β1 the correction uses the step's own β1, as PyTorch's Adam does.
            let c1 = 1 - power(beta1, t)
            let c2 = (1 - power(h.beta2, t)).squareRoot()
            s.lr = Float(Double(learningRate) * c2 / c1)
            s.epsilon = Float(h.epsilon * c2)
        }
        return s
    }

    /// The state's storage as raw pointers, fetched once per task.
    struct Pointers {
        var firstU, firstV, secondU, secondV: UnsafeMutablePointer<SIMD8<Float>>?
        var firstUserBias, firstItemBias, secondUserBias, secondItemBias: UnsafeMutablePointer<Float>?
    }

    var pointers: Pointers {
        Pointers(
            firstU: firstU?.base, firstV: firstV?.base, secondU: secondU?.base, secondV: secondV?.base,
            firstUserBias: firstUserBias?.base, firstItemBias: firstItemBias?.base,
            secondUserBias: secondUserBias?.base, secondItemBias: secondItemBias?.base)
    }

    @inline(__always)
    static func update(
        _ p: UnsafeMutablePointer<SIMD8<Float>>, _ g: UnsafeMutablePointer<SIMD8<Float>>,
        _ m: UnsafeMutablePointer<SIMD8<Float>>?, _ v: UnsafeMutablePointer<SIMD8<Float>>?,
        _ c: Int, _ s: StepScales
    ) {
        // p·decay is exact when decay is 1 (no `wd`), so the decay is applied in the same pass.
        let minusLR = SIMD8<Float>(repeating: -s.lr)
        let decay = SIMD8<Float>(repeating: s.decay)
        switch s.kind {
        case .gd, .sgd, .als:
            for j in 0..<c { p[j] = (p[j] * decay).addingProduct(minusLR, g[j]) }
        case .momentum:
            let m = m!
            let mu = SIMD8<Float>(repeating: s.momentum)
            for j in 0..<c {
                let mj = m[j] * mu + g[j]
                m[j] = mj
                p[j] = (p[j] * decay).addingProduct(minusLR, mj)
            }
        case .rmsprop:
            let v = v!
            let rho = SIMD8<Float>(repeating: s.rho)
            let orho = SIMD8<Float>(repeating: 1 - s.rho)
            let eps = SIMD8<Float>(repeating: s.epsilon)
            for j in 0..<c {
                let gj = g[j]
                let vj = rho * v[j] + orho * gj * gj
                v[j] = vj
                p[j] = (p[j] * decay).addingProduct(minusLR, gj / (vj.squareRoot() + eps))
            }
        case .adam:
            let m = m!
            let v = v!
            let b1 = SIMD8<Float>(repeating: s.beta1)
            let b2 = SIMD8<Float>(repeating: s.beta2)
            let ob1 = SIMD8<Float>(repeating: 1 - s.beta1)
            let ob2 = SIMD8<Float>(repeating: 1 - s.beta2)
            let eps = SIMD8<Float>(repeating: s.epsilon)
            for j in 0..<c {
                let gj = g[j]
                let mj = b1 * m[j] + ob1 * gj
                let vj = b2 * v[j] + ob2 * gj * gj
                m[j] = mj
                v[j] = vj
                p[j] = (p[j] * decay).addingProduct(minusLR, mj / (vj.squareRoot() + eps))
            }
        }
    }

    /// ``update(_:_:_:_:_:_:)`` for `count` consecutive floats of any alignment (a bias
    /// vector): 8 lanes at a time, then one by one with ``updateScalar(_:_:_:_:_:)``.
    static func updateFlat(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>?,
        _ v: UnsafeMutablePointer<Float>?, _ count: Int, _ s: StepScales
    ) {
        var k = 0
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 4) { lanes in
            let lane = lanes.baseAddress!
            lane.initialize(repeating: SIMD8<Float>(), count: 4)
            while k + 8 <= count {
                lane[0] = UnsafeRawPointer(p + k).loadUnaligned(as: SIMD8<Float>.self)
                lane[1] = UnsafeRawPointer(g + k).loadUnaligned(as: SIMD8<Float>.self)
                if let m { lane[2] = UnsafeRawPointer(m + k).loadUnaligned(as: SIMD8<Float>.self) }
                if let v { lane[3] = UnsafeRawPointer(v + k).loadUnaligned(as: SIMD8<Float>.self) }
                update(lane, lane + 1, m == nil ? nil : lane + 2, v == nil ? nil : lane + 3, 1, s)
                UnsafeMutableRawPointer(p + k).storeBytes(of: lane[0], as: SIMD8<Float>.self)
                if let m { UnsafeMutableRawPointer(m + k).storeBytes(of: lane[2], as: SIMD8<Float>.self) }
                if let v { UnsafeMutableRawPointer(v + k).storeBytes(of: lane[3], as: SIMD8<Float>.self) }
                k += 8
            }
        }
        while k < count {
            updateScalar(&p[k], g[k], m.map { $0 + k }, v.map { $0 + k }, s)
            k += 1
        }
    }

    @inline(__always)
    static func updateScalar(
        _ p: inout Float, _ g: Float, _ m: UnsafeMutablePointer<Float>?,
        _ v: UnsafeMutablePointer<Float>?, _ s: StepScales
    ) {
        p *= s.decay
        switch s.kind {
        case .gd, .sgd, .als:
            p -= s.lr * g
        case .momentum:
            m!.pointee = m!.pointee * s.momentum + g
            p -= s.lr * m!.pointee
        case .rmsprop:
            v!.pointee = s.rho * v!.pointee + (1 - s.rho) * g * g
            p -= s.lr * g / (v!.pointee.squareRoot() + s.epsilon)
        case .adam:
            m!.pointee = s.beta1 * m!.pointee + (1 - s.beta1) * g
            v!.pointee = s.beta2 * v!.pointee + (1 - s.beta2) * g * g
            p -= s.lr * m!.pointee / (v!.pointee.squareRoot() + s.epsilon)
        }
    }
}

/// xⁿ by repeated squaring (exact order of operations, so results are reproducible).
func power(_ x: Double, _ n: Int) -> Double {
    var result = 1.0
    var base = x
    var e = n
    while e > 0 {
        if e & 1 == 1 { result *= base }
        base *= base
        e >>= 1
    }
    return result
}
