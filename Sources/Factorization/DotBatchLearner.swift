import Core

/// Mini-batch training of the dot-product model (fastai's DotProductBias with `bias` and a
/// `y_range`): score = μ + b_u + b_i + ⟨U_u, V_i⟩, the loss the batch's mean squared error plus
/// the book's `ell_2` penalty.
///
/// Each batch accumulates gradients only in the rows of its users and items. The update then
/// follows ``Hyperparameters/sparse``:
/// - dense (the default, PyTorch's `Adam`/`AdamW` on an `nn.Embedding`): every row takes the
///   step, with a zero data gradient when the batch did not touch it, so its moments decay,
///   Adam's momentum keeps moving it and the weight decay shrinks it;
/// - sparse (as `torch.optim.SparseAdam`): only the batch's rows take the step; the others,
///   their moments included, stay as they are until a batch touches them, and the penalty and
///   weight decay apply to touched rows only.
///
/// Adam's bias correction counts every update of the run (t), in both modes.
final class DotBatchLearner: BatchLearner, @unchecked Sendable {
    // @unchecked Sendable: a learner is used by one task at a time (its fold's), and the
    // WorkerPool join orders those tasks.

    /// The model being trained.
    let model: MFModel
    let h: Hyperparameters
    let state: OptimizerState
    let gradU: FactorMatrix
    let gradV: FactorMatrix
    let gradUserBias: FloatBuffer?
    let gradItemBias: FloatBuffer?
    /// One zero row (the data gradient of a row the batch did not touch) and one scratch row.
    let zeroRow: FactorMatrix
    let scratchRow: FactorMatrix
    let userMarks: UnsafeMutablePointer<Bool>
    let itemMarks: UnsafeMutablePointer<Bool>
    private var touchedUsers: [Int32] = []
    private var touchedItems: [Int32] = []

    /// A learner for `fold`, with the model initialised from `seed` as the full-batch trainer's.
    init(fold: TrainingFold, hyperparameters: Hyperparameters, seed: UInt64) {
        h = hyperparameters
        let n = fold.userCount
        let m = fold.itemCount
        model = MFModel(userCount: n, itemCount: m, hyperparameters: h, mean: fold.trainMean, seed: seed)
        state = OptimizerState(optimizer: h.optimizer, userCount: n, itemCount: m, embDim: h.embDim, bias: h.bias)
        gradU = FactorMatrix(rows: n, columns: h.embDim)
        gradV = FactorMatrix(rows: m, columns: h.embDim)
        gradUserBias = h.bias ? FloatBuffer(count: n) : nil
        gradItemBias = h.bias ? FloatBuffer(count: m) : nil
        zeroRow = FactorMatrix(rows: 1, columns: h.embDim)
        scratchRow = FactorMatrix(rows: 1, columns: h.embDim)
        userMarks = .allocate(capacity: max(n, 1))
        userMarks.initialize(repeating: false, count: max(n, 1))
        itemMarks = .allocate(capacity: max(m, 1))
        itemMarks.initialize(repeating: false, count: max(m, 1))
        touchedUsers.reserveCapacity(max(h.batchSize, 1))
        touchedItems.reserveCapacity(max(h.batchSize, 1))
    }

    deinit {
        userMarks.deallocate()
        itemMarks.deallocate()
    }

    /// Bytes of the learner's buffers beyond the model: gradients, optimizer state and marks.
    var bytes: Int {
        gradU.bytes + gradV.bytes + (gradUserBias?.bytes ?? 0) + (gradItemBias?.bytes ?? 0) + state.bytes
            + model.userCount + model.itemCount
    }

    func train(_ batch: MiniBatch, scales: OptimizerState.StepScales) -> Double {
        let c = model.users.storage.vectorsPerRow
        let uBase = model.users.storage.base
        let vBase = model.items.storage.base
        let guBase = gradU.base
        let gvBase = gradV.base
        let userBias = model.userBiasBuffer?.base
        let itemBias = model.itemBiasBuffer?.base
        let gUserBias = gradUserBias?.base
        let gItemBias = gradItemBias?.base
        let range = model.outputRange
        let offset = model.offset
        let twoOverB = 2 / Float(batch.count)
        var sse = 0.0
        for r in 0..<batch.count {
            let u = Int(batch.users[r])
            let i = Int(batch.items[r])
            let p = uBase + u * c
            let q = vBase + i * c
            var s = Kernels.dot(p, q, c) + offset
            if let userBias, let itemBias { s += userBias[u] + itemBias[i] }
            var prediction = s
            var slope: Float = 1
            if let range {
                let width = range.upperBound - range.lowerBound
                let sg = sigmoid(s)
                prediction = range.lowerBound + width * sg
                slope = width * sg * (1 - sg)
            }
            let e = prediction - batch.ratings[r]
            sse += Double(e * e)
            let g = twoOverB * e * slope
            if !userMarks[u] {
                userMarks[u] = true
                touchedUsers.append(Int32(u))
            }
            if !itemMarks[i] {
                itemMarks[i] = true
                touchedItems.append(Int32(i))
            }
            let gs = SIMD8<Float>(repeating: g)
            let gu = guBase + u * c
            let gv = gvBase + i * c
            for j in 0..<c {
                gu[j].addProduct(gs, q[j])
                gv[j].addProduct(gs, p[j])
            }
            if let gUserBias, let gItemBias {
                gUserBias[u] += g
                gItemBias[i] += g
            }
        }
        let pointers = state.pointers
        update(
            rows: model.userCount, touched: &touchedUsers, marks: userMarks, parameters: uBase, gradients: guBase,
            first: pointers.firstU, second: pointers.secondU, biases: userBias, biasGradients: gUserBias,
            firstBias: pointers.firstUserBias, secondBias: pointers.secondUserBias, scales: scales)
        update(
            rows: model.itemCount, touched: &touchedItems, marks: itemMarks, parameters: vBase, gradients: gvBase,
            first: pointers.firstV, second: pointers.secondV, biases: itemBias, biasGradients: gItemBias,
            firstBias: pointers.firstItemBias, secondBias: pointers.secondItemBias, scales: scales)
        return sse
    }

    /// One optimizer step for U (or V): every row (dense) or the touched rows (sparse), then the
    /// touched rows' gradients and marks are cleared.
    private func update(
        rows: Int, touched: inout [Int32], marks: UnsafeMutablePointer<Bool>,
        parameters: UnsafeMutablePointer<SIMD8<Float>>, gradients: UnsafeMutablePointer<SIMD8<Float>>,
        first: UnsafeMutablePointer<SIMD8<Float>>?, second: UnsafeMutablePointer<SIMD8<Float>>?,
        biases: UnsafeMutablePointer<Float>?, biasGradients: UnsafeMutablePointer<Float>?,
        firstBias: UnsafeMutablePointer<Float>?, secondBias: UnsafeMutablePointer<Float>?,
        scales: OptimizerState.StepScales
    ) {
        let c = model.users.storage.vectorsPerRow
        let l2Scale = 2 * Float(h.ell2) / Float(rows)
        let zero = zeroRow.base
        let scratch = scratchRow.base
        @inline(__always)
        func step(_ r: Int, _ touched: Bool) {
            let offset = r * c
            let p = parameters + offset
            var g = touched ? gradients + offset : zero
            var gb: Float = touched ? (biasGradients?[r] ?? 0) : 0
            if l2Scale != 0 {
                let ls = SIMD8<Float>(repeating: l2Scale)
                for j in 0..<c { scratch[j] = g[j] + ls * p[j] }
                g = scratch
                if let biases { gb += l2Scale * biases[r] }
            }
            OptimizerState.update(p, g, first.map { $0 + offset }, second.map { $0 + offset }, c, scales)
            if let biases {
                OptimizerState.updateScalar(&biases[r], gb, firstBias.map { $0 + r }, secondBias.map { $0 + r }, scales)
            }
        }
        if h.sparse {
            for r in touched { step(Int(r), true) }
        } else {
            // Every row: the gradient matrix is zero outside the touched rows, so the whole
            // matrix (and bias vector) takes one contiguous update.
            if l2Scale != 0 {
                let ls = SIMD8<Float>(repeating: l2Scale)
                for j in 0..<(rows * c) { gradients[j].addProduct(ls, parameters[j]) }
                if let biases, let biasGradients {
                    for r in 0..<rows { biasGradients[r] += l2Scale * biases[r] }
                }
            }
            OptimizerState.update(parameters, gradients, first, second, rows * c, scales)
            if let biases, let biasGradients {
                OptimizerState.updateFlat(biases, biasGradients, firstBias, secondBias, rows, scales)
            }
            if l2Scale != 0 {
                gradients.update(repeating: SIMD8<Float>(), count: rows * c)
                biasGradients?.update(repeating: 0, count: rows)
            }
        }
        for r32 in touched {
            let r = Int(r32)
            marks[r] = false
            (gradients + r * c).update(repeating: SIMD8<Float>(), count: c)
            biasGradients?[r] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    func predict(_ batch: MiniBatch, into out: UnsafeMutablePointer<Float>) {
        for r in 0..<batch.count {
            out[r] = model.uncheckedPredict(user: Int(batch.users[r]), item: Int(batch.items[r]))
        }
    }

    func l2Term() -> Double {
        let c = model.users.storage.vectorsPerRow
        var users = 0.0
        for u in 0..<model.userCount { users += Kernels.squaredNorm(model.users.storage.base + u * c, c) }
        var items = 0.0
        for i in 0..<model.itemCount { items += Kernels.squaredNorm(model.items.storage.base + i * c, c) }
        if let b = model.userBiasBuffer?.base { for u in 0..<model.userCount { users += Double(b[u] * b[u]) } }
        if let b = model.itemBiasBuffer?.base { for i in 0..<model.itemCount { items += Double(b[i] * b[i]) } }
        return users / Double(max(1, model.userCount)) + items / Double(max(1, model.itemCount))
    }
}
