import Core

/// `optimizer: als` on a fold: exact alternating least squares for the same objective as the
/// gradient steps (OMSE + ell_2·L2 + gram·Gramian, biases when `bias`).
///
/// With V fixed, the objective splits into one quadratic per user. Multiplied by |Ω| (the
/// fold's training ratings), user u's normal equations are
/// ```
/// (Σ_{i∈Ω_u} x_i x_iᵀ + λ_u·I + |Ω|·gram/(N·M)·[G_V 0; 0 0]) [U_u; b_u] = Σ_{i∈Ω_u} (r_ui − μ − c_i) x_i
/// ```
/// with x_i = [V_i; 1] (just V_i without biases), G_V = VᵀV over all items, and λ_u = |Ω|·ell_2/N,
/// or ell_2·|Ω_u| with `weighted_lambda` (ALS-WR). Items are symmetric. Each row is solved by
/// a Cholesky factorisation in double precision; a row with no ratings and no penalty (a
/// singular system) keeps its value.
///
/// The k×k sums are accumulated from panels of up to 128 ratings' fixed rows, by blocks of 4
/// rows × 16 columns held in registers across the panel (the symmetric lower triangle by
/// 8-column blocks), so the FMAs run without storing partial sums per rating.
///
/// A light row (fewer ratings n than unknowns k) without the Gramian term is solved in the
/// n-dimensional dual instead: with X the n×k matrix of its x_i, its system is
/// (XᵀX + λ·I) w = Xᵀy, so w = Xᵀα with (XXᵀ + λ·I) α = y, an n×n Cholesky solve in place of a
/// k×k one (most users of a MovieLens-like set have fewer ratings than the rank).
extension FoldTrainer {
    /// Task `block` of the user half-step: solves the block's user rows (and biases) with V fixed.
    /// Writes rows of U, user biases and ``userNormParts``.
    func alsUserTask(_ block: Int) {
        let items = UnsafePointer(ratings.items)
        let values = UnsafePointer(ratings.values)
        let userStart = UnsafePointer(ratings.userStart)
        let itemBias = model.itemBiasBuffer.map { UnsafePointer($0.base) }
        let foldIndex = self.foldIndex
        let norms = solveRows(userBlocks[block], side: .users) { u in
            TrainRanges(start: userStart[u], end: userStart[u + 1], test: foldIndex.userTest(u))
        } entry: { k in
            let i = Int(items[k])
            return (i, values[k] - (itemBias?[i] ?? 0))
        }
        userNormParts.set(block, norms)
    }

    /// Task `block` of the item half-step: solves the block's item rows (and biases) with U fixed.
    /// Writes rows of V, item biases and ``itemNormParts``.
    func alsItemTask(_ block: Int) {
        let users = UnsafePointer(ratings.byItemUser)
        let values = UnsafePointer(ratings.byItemValue)
        let itemStart = UnsafePointer(ratings.itemStart)
        let userBias = model.userBiasBuffer.map { UnsafePointer($0.base) }
        let foldIndex = self.foldIndex
        let norms = solveRows(itemBlocks[block], side: .items) { i in
            TrainRanges(start: itemStart[i], end: itemStart[i + 1], test: foldIndex.itemTest(i))
        } entry: { e in
            let u = Int(users[e])
            return (u, values[e] - (userBias?[u] ?? 0))
        }
        itemNormParts.set(block, norms)
    }

    /// Solves each of `rows` on `side` from its training ratings (`train(row)`, read through
    /// `entry`, see ``RowSolver/accumulate(_:_:)``); returns the rows' share of the L2 term.
    @inline(__always)
    private func solveRows(
        _ rows: Range<Int>, side: FactorSide, train: (Int) -> TrainRanges,
        entry: (Int) -> (row: Int, value: Float)
    ) -> Double {
        let solver = RowSolver(trainer: self, side: side)
        var norms = 0.0
        for row in rows {
            let ranges = train(row)
            let n = ranges.first.count + ranges.second.count
            solver.reset()
            solver.accumulate(ranges.first, entry)
            solver.accumulate(ranges.second, entry)
            solver.solve(count: n, into: row)
            norms += solver.penaltyNorm(row: row, count: n)
        }
        return norms
    }

    /// The losses at the current parameters after an ALS step: `trainOMSE` from a train
    /// evaluation, the norms from the half-steps, and the Gramian loss when it was computed.
    func alsLosses(trainOMSE: Double) -> Losses {
        let l2 = userNormParts.total() + itemNormParts.total()
        let g: Double? = gramianComputed ? gramianLoss : nil
        let total = trainOMSE + h.ell2 * l2 + (h.gram > 0 ? h.gram * gramianLoss : 0)
        return Losses(omse: trainOMSE, l2: l2, gramian: g, total: total)
    }
}

/// Which factor matrix a ``RowSolver`` solves.
enum FactorSide {
    case users
    case items
}

/// Solves rows of one factor matrix with the other fixed: the normal equations of one row are
/// accumulated from its ratings, then solved. One solver per task, reused for its rows.
final class RowSolver {
    let side: FactorSide
    /// Rows solved (U or V) and their biases.
    let target: UnsafeMutablePointer<SIMD8<Float>>
    let targetBias: UnsafeMutablePointer<Float>?
    /// The fixed factors (V or U).
    let fixed: UnsafePointer<SIMD8<Float>>
    /// The fixed side's Gramian (padded × padded), when `gram` > 0.
    let gramian: UnsafePointer<SIMD8<Float>>?
    let d: Int
    /// SIMD8 vectors per factor row.
    let c: Int
    let hasBias: Bool
    let offset: Float
    /// λ·|Ω|/rows (uniform) or λ (weighted: times each row's count).
    let penalty: Double
    let weighted: Bool
    /// |Ω|·gram/(N·M).
    let gramScale: Double
    /// ‖row‖² weight in the logged L2 term: 1/rows, or count/|Ω| when weighted.
    let rows: Int
    let trainCount: Int

    /// Σ x xᵀ of the factor part, `8c` rows of `c` vectors (the lower triangle by blocks),
    /// padded by 4 rows so that a quad of rows never runs past it.
    let outer: UnsafeMutablePointer<SIMD8<Float>>
    /// Fixed rows waiting to be folded into the sums, and their targets (see ``flush()``).
    let panel: UnsafeMutablePointer<SIMD8<Float>>
    let targets: UnsafeMutablePointer<Float>
    var pending = 0
    /// Σ x (the bias column), Σ y·x.
    let sum: UnsafeMutablePointer<SIMD8<Float>>
    let rhs: UnsafeMutablePointer<SIMD8<Float>>
    var biasRHS: Float = 0
    /// The system in double precision, (d + 1)² entries, and the solution.
    let system: UnsafeMutablePointer<Double>
    let solution: UnsafeMutablePointer<Double>
    /// The row being summed in a dual solve (d entries).
    let dualRow: UnsafeMutablePointer<Double>
    /// Whether the sums hold this row's ratings (they are cleared when the first panel of a
    /// row is folded in, so a row solved in the dual never pays for clearing them).
    var summed = false

    init(trainer: FoldTrainer, side: FactorSide) {
        self.side = side
        let model = trainer.model
        let h = trainer.h
        switch side {
        case .users:
            target = model.users.storage.base
            targetBias = model.userBiasBuffer?.base
            fixed = UnsafePointer(model.items.storage.base)
            rows = trainer.fold.userCount
        case .items:
            target = model.items.storage.base
            targetBias = model.itemBiasBuffer?.base
            fixed = UnsafePointer(model.users.storage.base)
            rows = trainer.fold.itemCount
        }
        gramian = h.gram > 0 ? UnsafePointer(side == .users ? trainer.gramV.base : trainer.gramU.base) : nil
        d = h.embDim
        c = model.users.storage.vectorsPerRow
        hasBias = h.bias
        offset = model.offset
        trainCount = trainer.fold.trainCount
        weighted = h.weightedLambda
        penalty = weighted ? h.ell2 : h.ell2 * Double(trainCount) / Double(rows)
        gramScale =
            Double(trainCount) * h.gram / (Double(trainer.fold.userCount) * Double(trainer.fold.itemCount))
        outer = .allocate(capacity: (8 * c + 4) * c)
        panel = .allocate(capacity: Self.panelRows * c)
        targets = .allocate(capacity: Self.panelRows)
        sum = .allocate(capacity: c)
        rhs = .allocate(capacity: c)
        let k = d + 1
        system = .allocate(capacity: k * k)
        solution = .allocate(capacity: k)
        dualRow = .allocate(capacity: k)
    }

    deinit {
        outer.deallocate()
        panel.deallocate()
        targets.deallocate()
        sum.deallocate()
        rhs.deallocate()
        system.deallocate()
        solution.deallocate()
        dualRow.deallocate()
    }

    /// Starts the next row.
    func reset() {
        pending = 0
        summed = false
    }

    /// Clears the sums (on the first panel of a row).
    private func clearSums() {
        outer.initialize(repeating: SIMD8<Float>(), count: (8 * c + 4) * c)
        sum.initialize(repeating: SIMD8<Float>(), count: c)
        rhs.initialize(repeating: SIMD8<Float>(), count: c)
        biasRHS = 0
        summed = true
    }

    /// Adds the ratings at `range`: `entry(k)` gives the fixed row and the target value
    /// (the rating minus μ and the fixed side's bias). Rows are copied into a panel of
    /// ``panelRows``, which is folded into the sums when full (see ``flush()``).
    @inline(__always)
    func accumulate(_ range: Range<Int>, _ entry: (Int) -> (row: Int, value: Float)) {
        for k in range {
            let e = entry(k)
            let source = fixed + e.row * c
            let slot = panel + pending * c
            for j in 0..<c { slot[j] = source[j] }
            targets[pending] = e.value - offset
            pending += 1
            if pending == Self.panelRows { flush() }
        }
    }

    /// Ratings per panel: enough to amortise each block's register set-up, few enough to stay
    /// in L1 (128 × 256 bytes at d = 64).
    static let panelRows = 128

    /// Folds the panel's rows x_n (targets y_n) into the sums: Σ x xᵀ by blocks of 4 rows × 2
    /// vector columns held in registers over the whole panel (the lower triangle by 8-column
    /// blocks), then Σ y·x, Σ x and Σ y.
    func flush() {
        if !summed { clearSums() }
        let n = pending
        guard n > 0 else { return }
        pending = 0
        let floats = UnsafeRawPointer(panel).assumingMemoryBound(to: Float.self)
        let stride = 8 * c
        for quad in 0..<((d + 3) / 4) {
            let r0 = 4 * quad
            let lastVector = r0 >> 3  // the 8-column block of the quad's rows
            var v = 0
            while v <= lastVector {
                if v + 1 <= lastVector {
                    var a00 = SIMD8<Float>()
                    var a01 = SIMD8<Float>()
                    var a10 = SIMD8<Float>()
                    var a11 = SIMD8<Float>()
                    var a20 = SIMD8<Float>()
                    var a21 = SIMD8<Float>()
                    var a30 = SIMD8<Float>()
                    var a31 = SIMD8<Float>()
                    for m in 0..<n {
                        let x = panel + m * c
                        let x0 = x[v]
                        let x1 = x[v + 1]
                        let s = floats + m * stride + r0
                        let b0 = SIMD8<Float>(repeating: s[0])
                        let b1 = SIMD8<Float>(repeating: s[1])
                        let b2 = SIMD8<Float>(repeating: s[2])
                        let b3 = SIMD8<Float>(repeating: s[3])
                        a00.addProduct(b0, x0)
                        a01.addProduct(b0, x1)
                        a10.addProduct(b1, x0)
                        a11.addProduct(b1, x1)
                        a20.addProduct(b2, x0)
                        a21.addProduct(b2, x1)
                        a30.addProduct(b3, x0)
                        a31.addProduct(b3, x1)
                    }
                    let o = outer + r0 * c + v
                    o[0] += a00
                    o[1] += a01
                    o[c] += a10
                    o[c + 1] += a11
                    o[2 * c] += a20
                    o[2 * c + 1] += a21
                    o[3 * c] += a30
                    o[3 * c + 1] += a31
                    v += 2
                } else {
                    var a0 = SIMD8<Float>()
                    var a1 = SIMD8<Float>()
                    var a2 = SIMD8<Float>()
                    var a3 = SIMD8<Float>()
                    for m in 0..<n {
                        let x0 = panel[m * c + v]
                        let s = floats + m * stride + r0
                        a0.addProduct(SIMD8<Float>(repeating: s[0]), x0)
                        a1.addProduct(SIMD8<Float>(repeating: s[1]), x0)
                        a2.addProduct(SIMD8<Float>(repeating: s[2]), x0)
                        a3.addProduct(SIMD8<Float>(repeating: s[3]), x0)
                    }
                    let o = outer + r0 * c + v
                    o[0] += a0
                    o[c] += a1
                    o[2 * c] += a2
                    o[3 * c] += a3
                    v += 1
                }
            }
        }
        for j in 0..<c {
            var r = SIMD8<Float>()
            var t = SIMD8<Float>()
            for m in 0..<n {
                let x = panel[m * c + j]
                r.addProduct(SIMD8<Float>(repeating: targets[m]), x)
                t += x
            }
            rhs[j] += r
            sum[j] += t
        }
        var y: Float = 0
        for m in 0..<n { y += targets[m] }
        biasRHS += y
    }

    /// Solves the accumulated system of target row `row`, which has `count` training ratings,
    /// and writes the row (and its bias).
    func solve(count: Int, into row: Int) {
        let k = hasBias ? d + 1 : d
        let lambda = weighted ? penalty * Double(count) : penalty
        if !summed && pending == count && count < k && gramian == nil && lambda > 0 {
            solveDual(count: count, lambda: lambda, into: row)
            return
        }
        flush()
        let outerFloats = UnsafeRawPointer(outer).assumingMemoryBound(to: Float.self)
        let padded = 8 * c
        let gram = gramian.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) }
        for r in 0..<d {
            for s in 0...r {
                var a = Double(outerFloats[r * padded + s])
                if let gram { a += gramScale * Double(gram[r * padded + s]) }
                system[r * k + s] = a
                system[s * k + r] = a
            }
            system[r * k + r] += lambda
        }
        let rhsFloats = UnsafeRawPointer(rhs).assumingMemoryBound(to: Float.self)
        for r in 0..<d { solution[r] = Double(rhsFloats[r]) }
        if hasBias {
            let sums = UnsafeRawPointer(sum).assumingMemoryBound(to: Float.self)
            for r in 0..<d {
                system[d * k + r] = Double(sums[r])
                system[r * k + d] = Double(sums[r])
            }
            system[d * k + d] = Double(count) + lambda
            solution[d] = Double(biasRHS)
        }
        guard DenseCholesky.solve(system, solution, k) else { return }
        let out = UnsafeMutableRawPointer(target + row * c).assumingMemoryBound(to: Float.self)
        for r in 0..<d { out[r] = Float(solution[r]) }
        if hasBias, let targetBias { targetBias[row] = Float(solution[d]) }
    }

    /// Solves the row from the `n` fixed rows still in the panel (none folded into the sums) in
    /// the dual: (XXᵀ + λ·I) α = y, then the row is Xᵀα (and its bias Σα), where x has a
    /// trailing 1 with biases.
    private func solveDual(count n: Int, lambda: Double, into row: Int) {
        pending = 0
        let bias = hasBias ? 1.0 : 0.0
        for a in 0..<n {
            let xa = UnsafePointer(panel + a * c)
            for b in 0...a {
                var v = Double(Kernels.dot(xa, panel + b * c, c)) + bias
                if a == b { v += lambda }
                system[a * n + b] = v
                system[b * n + a] = v
            }
            solution[a] = Double(targets[a])
        }
        guard DenseCholesky.solve(system, solution, n) else { return }
        let w = dualRow
        w.update(repeating: 0, count: d)
        let floats = UnsafeRawPointer(panel).assumingMemoryBound(to: Float.self)
        var biasValue = 0.0
        for a in 0..<n {
            let alpha = solution[a]
            let x = floats + a * 8 * c
            for r in 0..<d { w[r] += alpha * Double(x[r]) }
            biasValue += alpha
        }
        let out = UnsafeMutableRawPointer(target + row * c).assumingMemoryBound(to: Float.self)
        for r in 0..<d { out[r] = Float(w[r]) }
        if hasBias, let targetBias { targetBias[row] = Float(biasValue) }
    }

    /// The row's share of the logged L2 term: ‖row‖² (and its bias²) over the rows, or times
    /// its count over |Ω| when weighted.
    func penaltyNorm(row: Int, count: Int) -> Double {
        var norm = Kernels.squaredNorm(target + row * c, c)
        if let targetBias { norm += Double(targetBias[row] * targetBias[row]) }
        return weighted ? norm * Double(count) / Double(max(trainCount, 1)) : norm / Double(rows)
    }
}

/// Cholesky solves of small dense symmetric systems.
///
/// Right-looking, on the upper factor U (A = UᵀU) stored by rows, so every inner loop is an
/// axpy or a dot over a contiguous row suffix, in 4-lane double vectors.
enum DenseCholesky {
    /// Solves A x = b in place (A, k×k row-major and symmetric, is overwritten; b by x). A pivot
    /// that is not positive gets a jitter of 1e-10 of the mean diagonal (at least 1e-10); returns
    /// false when that is not enough (then b is unspecified).
    static func solve(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ k: Int) -> Bool {
        guard k > 0 else { return true }
        guard factor(a, k) else { return false }
        // Uᵀ y = b, forward, by rows of U.
        for p in 0..<k {
            let y = b[p] / a[p * k + p]
            b[p] = y
            axpy(-y, a + p * k + p + 1, b + p + 1, k - p - 1)
        }
        // U x = y, backward.
        for i in stride(from: k - 1, through: 0, by: -1) {
            b[i] = (b[i] - dot(a + i * k + i + 1, b + i + 1, k - i - 1)) / a[i * k + i]
        }
        return (0..<k).allSatisfy { b[$0].isFinite }
    }

    /// The upper factor U in the upper triangle; false if A is not positive definite.
    private static func factor(_ a: UnsafeMutablePointer<Double>, _ k: Int) -> Bool {
        var trace = 0.0
        for i in 0..<k { trace += a[i * k + i] }
        let jitter = max(trace / Double(k), 1) * 1e-10
        for j in 0..<k {
            let row = a + j * k
            var pivot = row[j]
            if !(pivot > 0) { pivot += jitter }
            guard pivot > 0, pivot.isFinite else { return false }
            let l = pivot.squareRoot()
            row[j] = l
            let inverse = 1 / l
            for p in (j + 1)..<k { row[p] *= inverse }
            for i in (j + 1)..<k {
                axpy(-row[i], row + i, a + i * k + i, k - i)
            }
        }
        return true
    }

    /// y[p] += s·x[p] for p < n.
    @inline(__always)
    private static func axpy(_ s: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        let sv = SIMD4<Double>(repeating: s)
        let rx = UnsafeRawPointer(x)
        let ry = UnsafeMutableRawPointer(y)
        var p = 0
        while p + 4 <= n {
            var v = ry.loadUnaligned(fromByteOffset: 8 * p, as: SIMD4<Double>.self)
            v.addProduct(sv, rx.loadUnaligned(fromByteOffset: 8 * p, as: SIMD4<Double>.self))
            ry.storeBytes(of: v, toByteOffset: 8 * p, as: SIMD4<Double>.self)
            p += 4
        }
        while p < n {
            y[p] += s * x[p]
            p += 1
        }
    }

    /// Σ x[p]·y[p] for p < n, eight at a time in two vector accumulators.
    @inline(__always)
    private static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ n: Int) -> Double {
        var a0 = SIMD4<Double>()
        var a1 = SIMD4<Double>()
        var p = 0
        let rx = UnsafeRawPointer(x)
        let ry = UnsafeRawPointer(y)
        while p + 8 <= n {
            a0.addProduct(
                rx.loadUnaligned(fromByteOffset: 8 * p, as: SIMD4<Double>.self),
                ry.loadUnaligned(fromByteOffset: 8 * p, as: SIMD4<Double>.self))
            a1.addProduct(
                rx.loadUnaligned(fromByteOffset: 8 * p + 32, as: SIMD4<Double>.self),
                ry.loadUnaligned(fromByteOffset: 8 * p + 32, as: SIMD4<Double>.self))
            p += 8
        }
        var s = (a0 + a1).sum()
        while p < n {
            s += x[p] * y[p]
            p += 1
        }
        return s
    }
}
