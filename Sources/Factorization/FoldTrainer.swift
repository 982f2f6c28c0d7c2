import Core

/// Full-batch training of one fold: the book's objective on the fold's observed entries,
/// split into phases whose tasks write disjoint rows, so a ``LockstepTrainer`` can run the
/// tasks of all folds on one ``WorkerPool``.
///
/// One step is, in order:
/// 1. `gramian` — G_U = UᵀU and G_V = VᵀV (skipped when `gram` = 0 and the step is not logged);
/// 2. `users` — per rating the residual derivative, per user the full gradient of U (sparse
///    part + 2·ell_2/N·U + 2·gram/(N·M)·U·G_V) and of b_u;
/// 3. `items` — per item the full gradient of V and b_i, applied at once (U is only read here);
/// 4. `update` — the update of U and b_u.
///
/// The losses reported for step i are at the parameters before its update (as JAX's
/// `value_and_grad` gives them).
///
/// - Complexity: O(|Ω|·d + (N+M)·d²) per step; U·Vᵀ is never formed.
final class FoldTrainer: @unchecked Sendable {
    // @unchecked Sendable: phase tasks of one step touch disjoint rows/blocks (documented per
    // phase below) and phases are separated by the WorkerPool join.

    /// The fold's training ratings.
    let train: ObservedRatings
    /// The fold's test ratings (may be empty).
    let test: ObservedRatings
    /// The model being trained.
    let model: MFModel
    let h: Hyperparameters

    let gradU: FactorMatrix
    let gradV: FactorMatrix
    let gramU: FactorMatrix
    let gramV: FactorMatrix
    let gradUserBias: FloatBuffer?
    let gradItemBias: FloatBuffer?
    /// dLoss/dscore per rating, in user order.
    let residual: FloatBuffer
    let optimizerState: OptimizerState
    /// Pointer views of `train` and `test` for the hot loops.
    let trainIndex: RatingsIndex
    let testIndex: RatingsIndex

    let userBlocks: [Range<Int>]
    let itemBlocks: [Range<Int>]
    let testBlocks: [Range<Int>]
    let trainBlocks: [Range<Int>]
    let quadCount: Int

    // Per-block partial sums (Double), summed in block order so results never depend on threads.
    let squaredErrorParts: PartialSums
    let userNormParts: PartialSums
    let itemNormParts: PartialSums
    let evaluationParts: PartialSums

    var gramianComputed = false
    var gramianLoss = 0.0
    /// 1-based optimizer step counter (Adam's bias correction).
    var t = 0
    var learningRate: Float = 0
    /// When false, a step computes losses and gradients but leaves the parameters alone (for
    /// gradient checks).
    var appliesUpdates = true

    /// Blocks per phase: fixed, so partial sums and therefore results are identical for any
    /// thread count.
    static let maxBlocks = 64

    /// A trainer for one fold, initialising the model from `seed`.
    init(
        train: ObservedRatings, test: ObservedRatings, hyperparameters: Hyperparameters,
        seed: UInt64
    ) {
        precondition(train.userCount == test.userCount && train.itemCount == test.itemCount)
        self.train = train
        self.test = test
        self.h = hyperparameters
        let n = train.userCount
        let m = train.itemCount
        let d = hyperparameters.embDim
        model = MFModel(
            userCount: n, itemCount: m, hyperparameters: hyperparameters, mean: train.mean,
            seed: seed)
        gradU = FactorMatrix(rows: n, columns: d)
        gradV = FactorMatrix(rows: m, columns: d)
        let padded = gradU.vectorsPerRow * 8
        gramU = FactorMatrix(rows: padded, columns: padded)
        gramV = FactorMatrix(rows: padded, columns: padded)
        gradUserBias = hyperparameters.bias ? FloatBuffer(count: n) : nil
        gradItemBias = hyperparameters.bias ? FloatBuffer(count: m) : nil
        residual = FloatBuffer(count: train.count)
        trainIndex = RatingsIndex(train)
        testIndex = RatingsIndex(test)
        optimizerState = OptimizerState(
            optimizer: hyperparameters.optimizer, userCount: n, itemCount: m, embDim: d,
            bias: hyperparameters.bias)
        let rowWeight = max(1, gradU.vectorsPerRow * 8)  // d² work per row vs d per rating
        userBlocks = ObservedRatings.blocks(
            start: train.userStart, maxBlocks: Self.maxBlocks, rowWeight: rowWeight)
        itemBlocks = ObservedRatings.blocks(
            start: train.itemStart, maxBlocks: Self.maxBlocks, rowWeight: rowWeight)
        testBlocks = ObservedRatings.blocks(start: test.userStart, maxBlocks: 16, rowWeight: 0)
        trainBlocks = ObservedRatings.blocks(start: train.userStart, maxBlocks: 16, rowWeight: 0)
        quadCount = padded / 4
        squaredErrorParts = PartialSums(count: userBlocks.count)
        userNormParts = PartialSums(count: userBlocks.count)
        itemNormParts = PartialSums(count: itemBlocks.count)
        evaluationParts = PartialSums(count: max(testBlocks.count, trainBlocks.count))
    }

    // MARK: Phase task counts

    /// Tasks of the Gramian phase: the 4-row blocks of G_U, then those of G_V.
    var gramianTaskCount: Int { 2 * quadCount }
    /// Tasks of the user phase (one per user block).
    var userTaskCount: Int { userBlocks.count }
    /// Tasks of the item phase (one per item block).
    var itemTaskCount: Int { itemBlocks.count }
    /// Tasks of the update phase (one per user block).
    var updateTaskCount: Int { userBlocks.count }

    // MARK: Phases

    /// Starts step `step`: sets its learning rate and whether the Gramians are needed.
    func beginStep(_ step: Int, needsGramian: Bool) {
        t = step + 1
        learningRate = Float(h.learningRate(at: step))
        gramianComputed = needsGramian
    }

    /// Gramian task `task`: rows 4q..<4q+4 of G_U (q = task) or of G_V (q = task − quadCount).
    func gramianTask(_ task: Int) {
        let c = model.users.storage.vectorsPerRow
        if task < quadCount {
            Kernels.gramianQuad(
                model.users.storage.base, rows: model.users.storage.rows, count: c, a0: task * 4,
                into: gramU.base)
        } else {
            Kernels.gramianQuad(
                model.items.storage.base, rows: model.items.storage.rows, count: c, a0: (task - quadCount) * 4,
                into: gramV.base)
        }
    }

    /// Completes the Gramians (lower triangles) and the Gramian loss; runs between phases.
    func finishGramian() {
        guard gramianComputed else { return }
        let c = model.users.storage.vectorsPerRow
        Kernels.mirrorGramian(gramU.base, count: c)
        Kernels.mirrorGramian(gramV.base, count: c)
        let nm = Double(train.userCount) * Double(train.itemCount)
        gramianLoss = Kernels.frobeniusInner(gramU.base, gramV.base, vectors: 8 * c * c) / nm
    }

    /// User task: residuals of the block's ratings and the full gradient of its users' rows.
    /// Writes `residual[k]` for the block's ratings and rows of `gradU` / `gradUserBias`.
    func userTask(_ block: Int) {
        let c = model.users.storage.vectorsPerRow
        let n = Float(train.userCount)
        let m = Float(train.itemCount)
        let invCount = train.count > 0 ? 1 / Float(train.count) : 0
        let l2Scale = 2 * Float(h.ell2) / n
        let range = model.outputRange
        let userBias = model.userBiasBuffer?.base
        let itemBias = model.itemBiasBuffer?.base
        let userBiasGrad = gradUserBias?.base
        let offset = model.offset
        let uBase = UnsafePointer(model.users.storage.base)
        let vBase = UnsafePointer(model.items.storage.base)
        let gBase = gradU.base
        let res = residual.base
        let index = trainIndex
        let items = UnsafePointer(index.items)
        let values = UnsafePointer(index.values)
        let userStart = UnsafePointer(index.userStart)
        var squared = 0.0
        var norms = 0.0

        /// Residual derivatives and errors of ratings k..<k+8 from their scores.
        @inline(__always)
        func derivatives(_ score: SIMD8<Float>, _ k: Int) -> (SIMD8<Float>, SIMD8<Float>) {
            var s = score
            if let itemBias {
                s += SIMD8<Float>(
                    itemBias[Int(items[k])], itemBias[Int(items[k + 1])],
                    itemBias[Int(items[k + 2])], itemBias[Int(items[k + 3])],
                    itemBias[Int(items[k + 4])], itemBias[Int(items[k + 5])],
                    itemBias[Int(items[k + 6])], itemBias[Int(items[k + 7])])
            }
            let r = UnsafeRawPointer(values + k).loadUnaligned(as: SIMD8<Float>.self)
            guard let range else {
                let e = r - s
                return (e * (-2 * invCount), e)
            }
            var d = SIMD8<Float>()
            var e = SIMD8<Float>()
            for lane in 0..<8 {
                (d[lane], e[lane]) = Self.rangeDerivative(s[lane], r[lane], range, invCount)
            }
            return (d, e)
        }

        for u in userBlocks[block] {
            let uRow = uBase + u * c
            let g = gBase + u * c
            g.update(repeating: SIMD8<Float>(), count: c)
            var errorSquares = SIMD8<Float>()
            var biasGrad = SIMD8<Float>()
            let userOffset = SIMD8<Float>(repeating: offset + (userBias?[u] ?? 0))
            var k = userStart[u]
            let end = userStart[u + 1]
            while k + 8 <= end {
                let rows = Rows8(vBase, items + k, c)
                let (d, e) = derivatives(Kernels.dot8(uRow, rows, c) + userOffset, k)
                errorSquares.addProduct(e, e)
                UnsafeMutableRawPointer(res + k).storeBytes(of: d, as: SIMD8<Float>.self)
                Kernels.axpy8(d, rows, g, c)
                biasGrad += d
                k += 8
            }
            var tailSquares: Float = 0
            var tailBias: Float = 0
            while k < end {
                let i = Int(items[k])
                let vRow = vBase + i * c
                var s = Kernels.dot(uRow, vRow, c) + userOffset[0]
                if let itemBias { s += itemBias[i] }
                let d: Float
                let e: Float
                if let range {
                    (d, e) = Self.rangeDerivative(s, values[k], range, invCount)
                } else {
                    e = values[k] - s
                    d = -2 * e * invCount
                }
                tailSquares += e * e
                res[k] = d
                Kernels.axpy(d, vRow, g, c)
                tailBias += d
                k += 1
            }
            squared += Double(Kernels.horizontalSum(errorSquares) + tailSquares)
            Kernels.axpy(l2Scale, uRow, g, c)
            norms += Kernels.squaredNorm(uRow, c) / Double(n)
            if let userBias, let userBiasGrad {
                userBiasGrad[u] = Kernels.horizontalSum(biasGrad) + tailBias + l2Scale * userBias[u]
                norms += Double(userBias[u] * userBias[u]) / Double(n)
            }
        }
        if h.gram > 0 {
            Self.addGramianGradient(
                rows: userBlocks[block], x: uBase, gram: gramV.base, into: gBase, count: c,
                scale: 2 * Float(h.gram) / (n * m))
        }
        squaredErrorParts.set(block, squared)
        userNormParts.set(block, norms)
    }

    /// dLoss/dscore and the error of one rating with an output range:
    /// ŷ = lo + w·σ(s), d = −2(r − ŷ)·w·σ(1 − σ)/|Ω|.
    @inline(__always)
    static func rangeDerivative(
        _ s: Float, _ r: Float, _ range: ClosedRange<Float>, _ invCount: Float
    ) -> (derivative: Float, error: Float) {
        let sg = sigmoid(s)
        let w = range.upperBound - range.lowerBound
        let e = r - (range.lowerBound + w * sg)
        return (-2 * e * w * sg * (1 - sg) * invCount, e)
    }

    /// gradient[r] += scale · X[r]·G for the rows in `rows`, two rows at a time.
    private static func addGramianGradient(
        rows: Range<Int>, x: UnsafePointer<SIMD8<Float>>, gram: UnsafePointer<SIMD8<Float>>,
        into gradient: UnsafeMutablePointer<SIMD8<Float>>, count c: Int, scale: Float
    ) {
        var r = rows.lowerBound
        while r + 2 <= rows.upperBound {
            Kernels.addRowPairTimesGramian(
                scale, x + r * c, x + (r + 1) * c, gram, gradient + r * c, gradient + (r + 1) * c, c)
            r += 2
        }
        if r < rows.upperBound {
            Kernels.addRowTimesGramian(scale, x + r * c, gram, gradient + r * c, c)
        }
    }

    /// Item task: the full gradient of the block's item rows, applied at once.
    /// Reads U and `residual`; writes rows of V, `gradV` and item biases of the block.
    func itemTask(_ block: Int) {
        let c = model.items.storage.vectorsPerRow
        let n = Float(train.userCount)
        let m = Float(train.itemCount)
        let l2Scale = 2 * Float(h.ell2) / m
        let itemBias = model.itemBiasBuffer?.base
        let itemBiasGrad = gradItemBias?.base
        let uBase = UnsafePointer(model.users.storage.base)
        let vBase = model.items.storage.base
        let gBase = gradV.base
        let res = UnsafePointer(residual.base)
        let index = trainIndex
        let positions = UnsafePointer(index.byItemPosition)
        let users = UnsafePointer(index.byItemUser)
        let itemStart = UnsafePointer(index.itemStart)
        var norms = 0.0
        let blockItems = itemBlocks[block]
        for i in blockItems {
            let g = gBase + i * c
            g.update(repeating: SIMD8<Float>(), count: c)
            var biasGrad = SIMD8<Float>()
            var p = itemStart[i]
            let end = itemStart[i + 1]
            while p + 8 <= end {
                let r = SIMD8<Float>(
                    res[Int(positions[p])], res[Int(positions[p + 1])],
                    res[Int(positions[p + 2])], res[Int(positions[p + 3])],
                    res[Int(positions[p + 4])], res[Int(positions[p + 5])],
                    res[Int(positions[p + 6])], res[Int(positions[p + 7])])
                Kernels.axpy8(r, Rows8(uBase, users + p, c), g, c)
                biasGrad += r
                p += 8
            }
            var tailBias: Float = 0
            while p < end {
                let r = res[Int(positions[p])]
                Kernels.axpy(r, uBase + Int(users[p]) * c, g, c)
                tailBias += r
                p += 1
            }
            let vRow = vBase + i * c
            Kernels.axpy(l2Scale, vRow, g, c)
            norms += Kernels.squaredNorm(vRow, c) / Double(m)
            if let itemBias, let itemBiasGrad {
                let b = itemBias[i]
                itemBiasGrad[i] = Kernels.horizontalSum(biasGrad) + tailBias + l2Scale * b
                norms += Double(b * b) / Double(m)
            }
        }
        if h.gram > 0 {
            Self.addGramianGradient(
                rows: blockItems, x: vBase, gram: gramU.base, into: gBase, count: c,
                scale: 2 * Float(h.gram) / (n * m))
        }
        if appliesUpdates {
            let state = optimizerState.pointers
            applyUpdates(
                rows: blockItems, parameters: vBase, gradients: gBase, first: state.firstV,
                second: state.secondV, biases: itemBias, biasGradients: itemBiasGrad,
                firstBias: state.firstItemBias, secondBias: state.secondItemBias)
        }
        itemNormParts.set(block, norms)
    }

    /// Update task: applies the gradients of the block's user rows and biases.
    func updateTask(_ block: Int) {
        guard appliesUpdates else { return }
        let state = optimizerState.pointers
        applyUpdates(
            rows: userBlocks[block], parameters: model.users.storage.base, gradients: gradU.base,
            first: state.firstU, second: state.secondU, biases: model.userBiasBuffer?.base,
            biasGradients: gradUserBias?.base, firstBias: state.firstUserBias,
            secondBias: state.secondUserBias)
    }

    /// One optimizer step for the factor rows (and biases) in `rows`.
    private func applyUpdates(
        rows: Range<Int>, parameters: UnsafeMutablePointer<SIMD8<Float>>,
        gradients: UnsafeMutablePointer<SIMD8<Float>>, first: UnsafeMutablePointer<SIMD8<Float>>?,
        second: UnsafeMutablePointer<SIMD8<Float>>?, biases: UnsafeMutablePointer<Float>?,
        biasGradients: UnsafeMutablePointer<Float>?, firstBias: UnsafeMutablePointer<Float>?,
        secondBias: UnsafeMutablePointer<Float>?
    ) {
        let c = model.users.storage.vectorsPerRow
        let step = optimizerState.stepScales(h, learningRate: learningRate, t: t)
        for r in rows {
            let offset = r * c
            OptimizerState.update(
                parameters + offset, gradients + offset, first.map { $0 + offset },
                second.map { $0 + offset }, c, step)
            if let biases, let biasGradients {
                OptimizerState.updateScalar(
                    &biases[r], biasGradients[r], firstBias.map { $0 + r }, secondBias.map { $0 + r }, step)
            }
        }
    }

    /// The losses of the step just taken (at the parameters before its update).
    func stepLosses() -> Losses {
        let omse = train.count > 0 ? squaredErrorParts.total() / Double(train.count) : 0
        let l2 = userNormParts.total() + itemNormParts.total()
        let g: Double? = gramianComputed ? gramianLoss : nil
        let total = omse + h.ell2 * l2 + (h.gram > 0 ? h.gram * gramianLoss : 0)
        return Losses(omse: omse, l2: l2, gramian: g, total: total)
    }

    /// Computes the losses and gradients at the current parameters without changing them,
    /// on the calling thread. The gradients are then in `gradU`, `gradV` and the bias buffers.
    func computeGradients() -> Losses {
        appliesUpdates = false
        defer { appliesUpdates = true }
        beginStep(0, needsGramian: true)
        for task in 0..<gramianTaskCount { gramianTask(task) }
        finishGramian()
        for block in 0..<userTaskCount { userTask(block) }
        for block in 0..<itemTaskCount { itemTask(block) }
        return stepLosses()
    }

    // MARK: Evaluation

    /// Tasks of an evaluation of `set` (test or train).
    func evaluationTaskCount(_ set: EvaluationSet) -> Int {
        set == .test ? testBlocks.count : trainBlocks.count
    }

    /// Evaluation task: squared errors of one block of `set` at the current parameters.
    func evaluationTask(_ set: EvaluationSet, _ block: Int) {
        let index = set == .test ? testIndex : trainIndex
        let blocks = set == .test ? testBlocks : trainBlocks
        let userStart = UnsafePointer(index.userStart)
        let items = UnsafePointer(index.items)
        let values = UnsafePointer(index.values)
        let model = self.model
        var total = 0.0
        for u in blocks[block] {
            for k in userStart[u]..<userStart[u + 1] {
                let e = values[k] - model.uncheckedPredict(user: u, item: Int(items[k]))
                total += Double(e * e)
            }
        }
        evaluationParts.set(block, total)
    }

    /// OMSE of `set` from the evaluation tasks just run.
    func evaluationResult(_ set: EvaluationSet) -> Double {
        let data = set == .test ? test : train
        let blocks = evaluationTaskCount(set)
        guard data.count > 0 else { return .nan }
        return evaluationParts.total(first: blocks) / Double(data.count)
    }
}

/// Which ratings of a fold an evaluation covers.
enum EvaluationSet {
    case train
    case test
}
