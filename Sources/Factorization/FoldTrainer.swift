import Core

/// Full-batch training of one fold: the book's objective on the fold's observed entries,
/// split into phases whose tasks write disjoint rows, so a ``LockstepTrainer`` can run the
/// tasks of all folds on one ``WorkerPool``.
///
/// One step is, in order:
/// 1. `gramian` — G_U = UᵀU and G_V = VᵀV, each task summing one block of rows into its own
///    partial Gramian (skipped when `gram` = 0 and the step is not logged);
/// 2. `users` — per rating the residual derivative, per user the full gradient of U (sparse
///    part + 2·ell_2/N·U + 2·gram/(N·M)·U·G_V) and of b_u;
/// 3. `items` — per item the residual derivatives again (from the item's ratings in item order,
///    so that no rating is gathered by position) and the full gradient of V and b_i, applied at
///    once (U is only read here);
/// 4. `update` — the update of U and b_u.
///
/// The losses reported for step i are at the parameters before its update (as JAX's
/// `value_and_grad` gives them).
///
/// - Complexity: O(|Ω|·d + (N+M)·d²) per step; U·Vᵀ is never formed.
final class FoldTrainer: @unchecked Sendable {
    // @unchecked Sendable: phase tasks of one step touch disjoint rows/blocks (documented per
    // phase below) and phases are separated by the WorkerPool join.

    /// The fold: the shared ratings and the ranges it tests.
    let fold: TrainingFold
    /// The model being trained.
    let model: MFModel
    let h: Hyperparameters

    let gradU: FactorMatrix
    let gradV: FactorMatrix
    let gramU: FactorMatrix
    let gramV: FactorMatrix
    /// Row blocks of U and of V for the Gramian phase: each block's task adds its rows' outer
    /// products into its own partial Gramian, and ``sumGramians(users:items:)`` adds the partials
    /// in block order, so G is the same for any thread count.
    let userGramianBlocks: [Range<Int>]
    let itemGramianBlocks: [Range<Int>]
    /// The partial Gramians (padded × padded each): one per block of U, then one per block of V.
    let gramianPartials: FactorMatrix
    let gradUserBias: FloatBuffer?
    let gradItemBias: FloatBuffer?
    let optimizerState: OptimizerState
    /// The shared ratings' buffers, for the hot loops.
    let ratings: RatingsIndex
    /// This fold's test ranges, for the hot loops.
    let foldIndex: FoldIndex

    let userBlocks: [Range<Int>]
    let itemBlocks: [Range<Int>]
    let testBlocks: [Range<Int>]
    let trainBlocks: [Range<Int>]

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

    /// How many ratings ahead the sparse loops prefetch the factor rows they will gather: four
    /// batches of 8, about a DRAM latency of work when the factors outgrow the caches (at 25M
    /// ratings this is 1.15–1.2× faster per step than 16; in-cache data sets do not notice).
    static let prefetchDistance = 32

    /// One Gramian block per so many rows (rounded up; fewer, larger blocks only to bound the
    /// partials).
    static let gramianBlockRows = 256
    /// Partial Gramians per factor matrix, at most.
    static let maxGramianBlocks = 32
    /// Bytes of one factor matrix's partial Gramians, at most (more than one block regardless).
    static let gramianPartialBudget = 4 << 20

    /// Blocks of a `rows`-row factor matrix for its Gramian, with `padded` columns: one per
    /// ``gramianBlockRows`` rows, at most ``maxGramianBlocks``, and at most
    /// ``gramianPartialBudget`` bytes of partials. Depends only on the sizes, never on threads.
    static func gramianBlockCount(rows: Int, padded: Int) -> Int {
        let byRows = (rows + gramianBlockRows - 1) / gramianBlockRows
        let byMemory = gramianPartialBudget / (4 * padded * padded)
        return max(1, min(byRows, maxGramianBlocks, byMemory))
    }

    /// `0..<rows` in `count` contiguous ranges of sizes differing by at most one.
    static func evenBlocks(rows: Int, count: Int) -> [Range<Int>] {
        (0..<count).map { (rows * $0 / count)..<(rows * ($0 + 1) / count) }
    }

    /// A trainer for `fold`, initialising the model from `seed`.
    init(fold: TrainingFold, hyperparameters: Hyperparameters, seed: UInt64) {
        self.fold = fold
        self.h = hyperparameters
        let n = fold.userCount
        let m = fold.itemCount
        let d = hyperparameters.embDim
        model = MFModel(
            userCount: n, itemCount: m, hyperparameters: hyperparameters, mean: fold.trainMean,
            seed: seed)
        gradU = FactorMatrix(rows: n, columns: d)
        gradV = FactorMatrix(rows: m, columns: d)
        let padded = gradU.vectorsPerRow * 8
        gramU = FactorMatrix(rows: padded, columns: padded)
        gramV = FactorMatrix(rows: padded, columns: padded)
        userGramianBlocks = Self.evenBlocks(rows: n, count: Self.gramianBlockCount(rows: n, padded: padded))
        itemGramianBlocks = Self.evenBlocks(rows: m, count: Self.gramianBlockCount(rows: m, padded: padded))
        gramianPartials = FactorMatrix(
            rows: (userGramianBlocks.count + itemGramianBlocks.count) * padded, columns: padded)
        gradUserBias = hyperparameters.bias ? FloatBuffer(count: n) : nil
        gradItemBias = hyperparameters.bias ? FloatBuffer(count: m) : nil
        let ratings = fold.ratings.index
        let foldIndex = fold.index
        self.ratings = ratings
        self.foldIndex = foldIndex
        optimizerState = OptimizerState(
            optimizer: hyperparameters.optimizer, userCount: n, itemCount: m, embDim: d,
            bias: hyperparameters.bias)
        let rowWeight = max(1, gradU.vectorsPerRow * 8)  // d² work per row vs d per rating
        func userTests(_ u: Int) -> Int { foldIndex.userTest(u).hi - foldIndex.userTest(u).lo }
        func userTrains(_ u: Int) -> Int { ratings.userStart[u + 1] - ratings.userStart[u] - userTests(u) }
        func itemTrains(_ i: Int) -> Int {
            ratings.itemStart[i + 1] - ratings.itemStart[i] - (foldIndex.itemTest(i).hi - foldIndex.itemTest(i).lo)
        }
        userBlocks = ObservedRatings.blocks(
            rowCount: n, maxBlocks: Self.maxBlocks, rowWeight: rowWeight, weight: userTrains)
        itemBlocks = ObservedRatings.blocks(
            rowCount: m, maxBlocks: Self.maxBlocks, rowWeight: rowWeight, weight: itemTrains)
        testBlocks = ObservedRatings.blocks(rowCount: n, maxBlocks: 16, rowWeight: 0, weight: userTests)
        trainBlocks = ObservedRatings.blocks(rowCount: n, maxBlocks: 16, rowWeight: 0, weight: userTrains)
        squaredErrorParts = PartialSums(count: userBlocks.count)
        userNormParts = PartialSums(count: userBlocks.count)
        itemNormParts = PartialSums(count: itemBlocks.count)
        evaluationParts = PartialSums(count: max(testBlocks.count, trainBlocks.count))
    }

    // MARK: Phase task counts

    /// Tasks of the Gramian phase: the row blocks of U (the first ``userGramianTaskCount``),
    /// then those of V.
    var gramianTaskCount: Int { userGramianBlocks.count + itemGramianBlocks.count }
    /// The Gramian tasks of U's blocks.
    var userGramianTaskCount: Int { userGramianBlocks.count }
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

    /// Gramian task `task`: the partial Gramian of one row block of U (`task` <
    /// ``userGramianTaskCount``) or of V, summed over chunks of rows small enough to stay in the
    /// L1 cache while every 4-row strip of the partial passes over them. Writes only the
    /// block's partial.
    func gramianTask(_ task: Int) {
        let c = model.users.storage.vectorsPerRow
        let padded = 8 * c
        let users = task < userGramianBlocks.count
        let x = UnsafePointer(users ? model.users.storage.base : model.items.storage.base)
        let rows = users ? userGramianBlocks[task] : itemGramianBlocks[task - userGramianBlocks.count]
        let partial = gramianPartials.base + task * padded * c
        partial.update(repeating: SIMD8<Float>(), count: padded * c)
        let chunk = max(4, 1024 / c)  // 32 KiB of rows
        var lo = rows.lowerBound
        while lo < rows.upperBound {
            let count = min(chunk, rows.upperBound - lo)
            for quad in 0..<(padded / 4) {
                Kernels.addGramianQuad(x + lo * c, rows: count, count: c, a0: quad * 4, into: partial)
            }
            lo += count
        }
    }

    /// Completes the Gramians (sums of the partials, lower triangles) and the Gramian loss; runs
    /// between phases.
    func finishGramian() {
        guard gramianComputed else { return }
        sumGramians()
        let c = model.users.storage.vectorsPerRow
        let nm = Double(fold.userCount) * Double(fold.itemCount)
        gramianLoss = Kernels.frobeniusInner(gramU.base, gramV.base, vectors: 8 * c * c) / nm
    }

    /// G_U (when `users`) and G_V (when `items`) from their blocks' partials, added in block
    /// order, with their lower triangles filled.
    func sumGramians(users: Bool = true, items: Bool = true) {
        let c = model.users.storage.vectorsPerRow
        let size = 8 * c * c
        func sum(_ blocks: Range<Int>, into gram: FactorMatrix) {
            let out = gram.base
            out.update(from: gramianPartials.base + blocks.lowerBound * size, count: size)
            for b in blocks.dropFirst() {
                let partial = gramianPartials.base + b * size
                for k in 0..<size { out[k] += partial[k] }
            }
            Kernels.mirrorGramian(out, count: c)
        }
        let split = userGramianBlocks.count
        if users { sum(0..<split, into: gramU) }
        if items { sum(split..<(split + itemGramianBlocks.count), into: gramV) }
    }

    /// User task: residuals of the block's ratings and the full gradient of its users' rows.
    /// Writes rows of `gradU` / `gradUserBias`.
    func userTask(_ block: Int) {
        let c = model.users.storage.vectorsPerRow
        let n = Float(fold.userCount)
        let m = Float(fold.itemCount)
        let invCount = fold.trainCount > 0 ? 1 / Float(fold.trainCount) : 0
        let l2Scale = 2 * Float(h.ell2) / n
        let range = model.outputRange
        let userBias = model.userBiasBuffer?.base
        let itemBias = model.itemBiasBuffer?.base
        let userBiasGrad = gradUserBias?.base
        let offset = model.offset
        let uBase = UnsafePointer(model.users.storage.base)
        let vBase = UnsafePointer(model.items.storage.base)
        let gBase = gradU.base
        let index = ratings
        let items = UnsafePointer(index.items)
        let values = UnsafePointer(index.values)
        let userStart = UnsafePointer(index.userStart)
        let count = index.count
        let foldIndex = self.foldIndex
        var squared = 0.0
        var norms = 0.0

        /// Residual derivatives and errors of 8 ratings of the items at `at`, with values `r`,
        /// from their scores.
        @inline(__always)
        func derivatives(
            _ score: SIMD8<Float>, _ at: UnsafePointer<Int32>, _ r: SIMD8<Float>
        ) -> (SIMD8<Float>, SIMD8<Float>) {
            Self.derivatives8(score + Self.gather(itemBias, at), r, range, invCount)
        }

        for u in userBlocks[block] {
            let uRow = uBase + u * c
            let g = gBase + u * c
            g.update(repeating: SIMD8<Float>(), count: c)
            var errorSquares = SIMD8<Float>()
            var biasGrad = SIMD8<Float>()
            let userOffset = SIMD8<Float>(repeating: offset + (userBias?[u] ?? 0))

            /// Accumulates 8 ratings (items at `at`, values `r`).
            @inline(__always)
            func batch(_ at: UnsafePointer<Int32>, _ r: SIMD8<Float>) {
                let rows = Rows8(vBase, at, c)
                let (d, e) = derivatives(Kernels.dot8(uRow, rows, c) + userOffset, at, r)
                errorSquares.addProduct(e, e)
                Kernels.axpy8(d, rows, g, c)
                biasGrad += d
            }
            @inline(__always)
            func contiguous(_ k: Int) {
                if k + Self.prefetchDistance + 8 <= count {
                    Kernels.prefetch8(vBase, items + k + Self.prefetchDistance, c)
                }
                batch(items + k, UnsafeRawPointer(values + k).loadUnaligned(as: SIMD8<Float>.self))
            }

            // The training positions are `first` then `second` (around the fold's test range),
            // taken 8 at a time as one sequence: the batch that straddles the gap is gathered,
            // so the gap costs no extra scalar tail.
            let train = TrainRanges(start: userStart[u], end: userStart[u + 1], test: foldIndex.userTest(u))
            var k = train.first.lowerBound
            while k + 8 <= train.first.upperBound {
                contiguous(k)
                k += 8
            }
            var j = train.second.lowerBound
            let pending = train.first.upperBound - k
            if pending > 0 && train.second.count >= 8 - pending {
                var at = SIMD8<Int32>()
                var r = SIMD8<Float>()
                for lane in 0..<8 {
                    let p = lane < pending ? k + lane : j + lane - pending
                    at[lane] = items[p]
                    r[lane] = values[p]
                }
                withUnsafePointer(to: at) { batch(UnsafeRawPointer($0).assumingMemoryBound(to: Int32.self), r) }
                k = train.first.upperBound
                j += 8 - pending
            }
            while j + 8 <= train.second.upperBound {
                contiguous(j)
                j += 8
            }
            var tailSquares: Float = 0
            var tailBias: Float = 0
            @inline(__always)
            func single(_ k: Int) {
                let i = Int(items[k])
                let vRow = vBase + i * c
                var s = Kernels.dot(uRow, vRow, c) + userOffset[0]
                if let itemBias { s += itemBias[i] }
                let (d, e) = Self.derivative(s, values[k], range, invCount)
                tailSquares += e * e
                Kernels.axpy(d, vRow, g, c)
                tailBias += d
            }
            for t in k..<train.first.upperBound { single(t) }
            for t in j..<train.second.upperBound { single(t) }
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

    /// dLoss/dscore and the error of one rating `r` with score `s`: ``rangeDerivative(_:_:_:_:)``
    /// with an output range, else d = −2(r − s)/|Ω|.
    @inline(__always)
    static func derivative(
        _ s: Float, _ r: Float, _ range: ClosedRange<Float>?, _ invCount: Float
    ) -> (derivative: Float, error: Float) {
        guard let range else {
            let e = r - s
            return (-2 * e * invCount, e)
        }
        return rangeDerivative(s, r, range, invCount)
    }

    /// Residual derivatives and errors of 8 ratings `r` from their scores `s` (see
    /// ``rangeDerivative(_:_:_:_:)`` with an output range; else d = −2(r − s)/|Ω|).
    @inline(__always)
    static func derivatives8(
        _ s: SIMD8<Float>, _ r: SIMD8<Float>, _ range: ClosedRange<Float>?, _ invCount: Float
    ) -> (SIMD8<Float>, SIMD8<Float>) {
        guard let range else {
            let e = r - s
            return (e * (-2 * invCount), e)
        }
        var d = SIMD8<Float>()
        var e = SIMD8<Float>()
        for lane in 0..<8 {
            (d[lane], e[lane]) = rangeDerivative(s[lane], r[lane], range, invCount)
        }
        return (d, e)
    }

    /// `biases` at the 8 indices at `at` (zeros without biases).
    @inline(__always)
    static func gather(_ biases: UnsafeMutablePointer<Float>?, _ at: UnsafePointer<Int32>) -> SIMD8<Float> {
        guard let biases else { return SIMD8<Float>() }
        return SIMD8<Float>(
            biases[Int(at[0])], biases[Int(at[1])], biases[Int(at[2])], biases[Int(at[3])],
            biases[Int(at[4])], biases[Int(at[5])], biases[Int(at[6])], biases[Int(at[7])])
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

    /// Item task: the residual derivatives of the block's items' ratings (recomputed from U,
    /// V and the ratings in item order, at the same parameters as the user task's) and the full
    /// gradient of the block's item rows, applied at once. Reads U; writes rows of V, `gradV`
    /// and item biases of the block.
    func itemTask(_ block: Int) {
        let c = model.items.storage.vectorsPerRow
        let n = Float(fold.userCount)
        let m = Float(fold.itemCount)
        let invCount = fold.trainCount > 0 ? 1 / Float(fold.trainCount) : 0
        let l2Scale = 2 * Float(h.ell2) / m
        let range = model.outputRange
        let offset = model.offset
        let userBias = model.userBiasBuffer?.base
        let itemBias = model.itemBiasBuffer?.base
        let itemBiasGrad = gradItemBias?.base
        let uBase = UnsafePointer(model.users.storage.base)
        let vBase = model.items.storage.base
        let gBase = gradV.base
        let index = ratings
        let users = UnsafePointer(index.byItemUser)
        let values = UnsafePointer(index.byItemValue)
        let itemStart = UnsafePointer(index.itemStart)
        let count = index.count
        let foldIndex = self.foldIndex
        var norms = 0.0
        let blockItems = itemBlocks[block]
        for i in blockItems {
            let g = gBase + i * c
            let vRow = UnsafePointer(vBase + i * c)
            g.update(repeating: SIMD8<Float>(), count: c)
            var biasGrad = SIMD8<Float>()
            // Summed as the user task sums (score + (μ + b_u)) + b_i, so the derivatives are
            // bit for bit the user task's.
            let bias = itemBias?[i] ?? 0
            let mu = SIMD8<Float>(repeating: offset)

            /// Accumulates 8 entries (users at `by`, values `r`): their residual derivatives
            /// times their users' rows.
            @inline(__always)
            func batch(_ by: UnsafePointer<Int32>, _ r: SIMD8<Float>) {
                let rows = Rows8(uBase, by, c)
                var score = Kernels.dot8(vRow, rows, c) + (mu + Self.gather(userBias, by))
                if itemBias != nil { score += SIMD8<Float>(repeating: bias) }
                let (d, _) = Self.derivatives8(score, r, range, invCount)
                Kernels.axpy8(d, rows, g, c)
                biasGrad += d
            }

            // As in the user task: `first` then `second`, 8 at a time as one sequence.
            let train = TrainRanges(start: itemStart[i], end: itemStart[i + 1], test: foldIndex.itemTest(i))
            var p = train.first.lowerBound
            @inline(__always)
            func contiguous(_ p: Int) {
                if p + Self.prefetchDistance + 8 <= count {
                    Kernels.prefetch8(uBase, users + p + Self.prefetchDistance, c)
                }
                batch(users + p, UnsafeRawPointer(values + p).loadUnaligned(as: SIMD8<Float>.self))
            }
            while p + 8 <= train.first.upperBound {
                contiguous(p)
                p += 8
            }
            var q = train.second.lowerBound
            let pending = train.first.upperBound - p
            if pending > 0 && train.second.count >= 8 - pending {
                var by = SIMD8<Int32>()
                var r = SIMD8<Float>()
                for lane in 0..<8 {
                    let e = lane < pending ? p + lane : q + lane - pending
                    by[lane] = users[e]
                    r[lane] = values[e]
                }
                withUnsafePointer(to: by) { byPointer in
                    batch(UnsafeRawPointer(byPointer).assumingMemoryBound(to: Int32.self), r)
                }
                p = train.first.upperBound
                q += 8 - pending
            }
            while q + 8 <= train.second.upperBound {
                contiguous(q)
                q += 8
            }
            var tailBias: Float = 0
            @inline(__always)
            func single(_ e: Int) {
                let u = Int(users[e])
                let uRow = uBase + u * c
                var score = Kernels.dot(vRow, uRow, c) + (offset + (userBias?[u] ?? 0))
                if itemBias != nil { score += bias }
                let d = Self.derivative(score, values[e], range, invCount).derivative
                Kernels.axpy(d, uRow, g, c)
                tailBias += d
            }
            for e in p..<train.first.upperBound { single(e) }
            for e in q..<train.second.upperBound { single(e) }
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
        let omse = fold.trainCount > 0 ? squaredErrorParts.total() / Double(fold.trainCount) : 0
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
        let blocks = set == .test ? testBlocks : trainBlocks
        let userStart = UnsafePointer(ratings.userStart)
        let items = UnsafePointer(ratings.items)
        let values = UnsafePointer(ratings.values)
        let foldIndex = self.foldIndex
        let model = self.model
        var total = 0.0
        @inline(__always)
        func add(_ u: Int, _ positions: Range<Int>) {
            for k in positions {
                let e = values[k] - model.uncheckedPredict(user: u, item: Int(items[k]))
                total += Double(e * e)
            }
        }
        for u in blocks[block] {
            let (lo, hi) = foldIndex.userTest(u)
            if set == .test {
                add(u, lo..<hi)
            } else {
                add(u, userStart[u]..<lo)
                add(u, hi..<userStart[u + 1])
            }
        }
        evaluationParts.set(block, total)
    }

    /// OMSE of `set` from the evaluation tasks just run.
    func evaluationResult(_ set: EvaluationSet) -> Double {
        let count = set == .test ? fold.testCount : fold.trainCount
        let blocks = evaluationTaskCount(set)
        guard count > 0 else { return .nan }
        return evaluationParts.total(first: blocks) / Double(count)
    }
}

/// A fold's training positions of one user or item: `first`, then `second`, the ranges on
/// either side of its test range within all of the row's positions (one range, `first`, when
/// the fold tests none of them).
struct TrainRanges {
    let first: Range<Int>
    let second: Range<Int>

    /// The training ranges of the row whose positions are `start..<end`, of which `test` are
    /// tested.
    @inline(__always)
    init(start: Int, end: Int, test: (lo: Int, hi: Int)) {
        if test.lo == test.hi {
            first = start..<end
            second = end..<end
        } else {
            first = start..<test.lo
            second = test.hi..<end
        }
    }
}

/// Which ratings of a fold an evaluation covers.
enum EvaluationSet {
    case train
    case test
}
