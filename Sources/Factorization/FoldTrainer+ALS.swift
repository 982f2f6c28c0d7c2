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
/// The k×k sums are accumulated in blocks of four ratings (their symmetric lower triangle by
/// 8-column blocks), so each pass over a row's ratings is a few hundred vector FMAs per rating.
extension FoldTrainer {
    /// Task `block` of the user half-step: solves the block's user rows (and biases) with V fixed.
    /// Writes rows of U, user biases and ``userNormParts``.
    func alsUserTask(_ block: Int) {
        let ratings = self.ratings
        let foldIndex = self.foldIndex
        let items = UnsafePointer(ratings.items)
        let values = UnsafePointer(ratings.values)
        let userStart = UnsafePointer(ratings.userStart)
        let itemBias = model.itemBiasBuffer.map { UnsafePointer($0.base) }
        let solver = RowSolver(trainer: self, side: .users)
        var norms = 0.0
        for u in userBlocks[block] {
            let train = TrainRanges(start: userStart[u], end: userStart[u + 1], test: foldIndex.userTest(u))
            let n = train.first.count + train.second.count
            solver.reset()
            for range in [train.first, train.second] {
                solver.accumulate(range) { k in
                    let i = Int(items[k])
                    return (i, values[k] - (itemBias?[i] ?? 0))
                }
            }
            solver.solve(count: n, into: u)
            norms += solver.penaltyNorm(row: u, count: n)
        }
        userNormParts.set(block, norms)
    }

    /// Task `block` of the item half-step: solves the block's item rows (and biases) with U fixed.
    /// Writes rows of V, item biases and ``itemNormParts``.
    func alsItemTask(_ block: Int) {
        let ratings = self.ratings
        let foldIndex = self.foldIndex
        let positions = UnsafePointer(ratings.byItemPosition)
        let users = UnsafePointer(ratings.byItemUser)
        let values = UnsafePointer(ratings.values)
        let itemStart = UnsafePointer(ratings.itemStart)
        let userBias = model.userBiasBuffer.map { UnsafePointer($0.base) }
        let solver = RowSolver(trainer: self, side: .items)
        var norms = 0.0
        for i in itemBlocks[block] {
            let train = TrainRanges(start: itemStart[i], end: itemStart[i + 1], test: foldIndex.itemTest(i))
            let n = train.first.count + train.second.count
            solver.reset()
            for range in [train.first, train.second] {
                solver.accumulate(range) { e in
                    let u = Int(users[e])
                    return (u, values[Int(positions[e])] - (userBias?[u] ?? 0))
                }
            }
            solver.solve(count: n, into: i)
            norms += solver.penaltyNorm(row: i, count: n)
        }
        itemNormParts.set(block, norms)
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

    /// Σ x xᵀ of the factor part, `8c` rows of `c` vectors (the lower triangle by blocks).
    let outer: UnsafeMutablePointer<SIMD8<Float>>
    /// Σ x (the bias column), Σ y·x.
    let sum: UnsafeMutablePointer<SIMD8<Float>>
    let rhs: UnsafeMutablePointer<SIMD8<Float>>
    var biasRHS: Float = 0
    /// The system in double precision, (d + 1)² entries, and the solution.
    let system: UnsafeMutablePointer<Double>
    let solution: UnsafeMutablePointer<Double>

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
        outer = .allocate(capacity: 8 * c * c)
        sum = .allocate(capacity: c)
        rhs = .allocate(capacity: c)
        let k = d + 1
        system = .allocate(capacity: k * k)
        solution = .allocate(capacity: k)
    }

    deinit {
        outer.deallocate()
        sum.deallocate()
        rhs.deallocate()
        system.deallocate()
        solution.deallocate()
    }

    /// Clears the sums for the next row.
    func reset() {
        outer.initialize(repeating: SIMD8<Float>(), count: 8 * c * c)
        sum.initialize(repeating: SIMD8<Float>(), count: c)
        rhs.initialize(repeating: SIMD8<Float>(), count: c)
        biasRHS = 0
    }

    /// Adds the ratings at `range`: `entry(k)` gives the fixed row and the target value
    /// (the rating minus μ and the fixed side's bias), four at a time.
    @inline(__always)
    func accumulate(_ range: Range<Int>, _ entry: (Int) -> (row: Int, value: Float)) {
        let mu = offset
        var k = range.lowerBound
        while k + 4 <= range.upperBound {
            let e0 = entry(k)
            let e1 = entry(k + 1)
            let e2 = entry(k + 2)
            let e3 = entry(k + 3)
            add4(
                fixed + e0.row * c, fixed + e1.row * c, fixed + e2.row * c, fixed + e3.row * c,
                SIMD4(e0.value - mu, e1.value - mu, e2.value - mu, e3.value - mu))
            k += 4
        }
        while k < range.upperBound {
            let e = entry(k)
            add1(fixed + e.row * c, e.value - mu)
            k += 1
        }
    }

    /// Adds four rows x0…x3 with targets y.
    @inline(__always)
    private func add4(
        _ x0: UnsafePointer<SIMD8<Float>>, _ x1: UnsafePointer<SIMD8<Float>>, _ x2: UnsafePointer<SIMD8<Float>>,
        _ x3: UnsafePointer<SIMD8<Float>>, _ y: SIMD4<Float>
    ) {
        let s0 = UnsafeRawPointer(x0).assumingMemoryBound(to: Float.self)
        let s1 = UnsafeRawPointer(x1).assumingMemoryBound(to: Float.self)
        let s2 = UnsafeRawPointer(x2).assumingMemoryBound(to: Float.self)
        let s3 = UnsafeRawPointer(x3).assumingMemoryBound(to: Float.self)
        for r in 0..<d {
            let a0 = SIMD8<Float>(repeating: s0[r])
            let a1 = SIMD8<Float>(repeating: s1[r])
            let a2 = SIMD8<Float>(repeating: s2[r])
            let a3 = SIMD8<Float>(repeating: s3[r])
            let row = outer + r * c
            for j in 0...(r >> 3) {
                var acc = row[j]
                acc.addProduct(a0, x0[j])
                acc.addProduct(a1, x1[j])
                acc.addProduct(a2, x2[j])
                acc.addProduct(a3, x3[j])
                row[j] = acc
            }
        }
        let y0 = SIMD8<Float>(repeating: y[0])
        let y1 = SIMD8<Float>(repeating: y[1])
        let y2 = SIMD8<Float>(repeating: y[2])
        let y3 = SIMD8<Float>(repeating: y[3])
        for j in 0..<c {
            var r = rhs[j]
            r.addProduct(y0, x0[j])
            r.addProduct(y1, x1[j])
            r.addProduct(y2, x2[j])
            r.addProduct(y3, x3[j])
            rhs[j] = r
            sum[j] += (x0[j] + x1[j]) + (x2[j] + x3[j])
        }
        biasRHS += (y[0] + y[1]) + (y[2] + y[3])
    }

    /// Adds one row x with target y.
    @inline(__always)
    private func add1(_ x: UnsafePointer<SIMD8<Float>>, _ y: Float) {
        let s = UnsafeRawPointer(x).assumingMemoryBound(to: Float.self)
        for r in 0..<d {
            let a = SIMD8<Float>(repeating: s[r])
            let row = outer + r * c
            for j in 0...(r >> 3) { row[j].addProduct(a, x[j]) }
        }
        let yv = SIMD8<Float>(repeating: y)
        for j in 0..<c {
            rhs[j].addProduct(yv, x[j])
            sum[j] += x[j]
        }
        biasRHS += y
    }

    /// Solves the accumulated system of target row `row`, which has `count` training ratings,
    /// and writes the row (and its bias).
    func solve(count: Int, into row: Int) {
        let k = hasBias ? d + 1 : d
        let outerFloats = UnsafeRawPointer(outer).assumingMemoryBound(to: Float.self)
        let padded = 8 * c
        let gram = gramian.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) }
        let lambda = weighted ? penalty * Double(count) : penalty
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

    /// The row's share of the logged L2 term: ‖row‖² (and its bias²) over the rows, or times
    /// its count over |Ω| when weighted.
    func penaltyNorm(row: Int, count: Int) -> Double {
        var norm = Kernels.squaredNorm(target + row * c, c)
        if let targetBias { norm += Double(targetBias[row] * targetBias[row]) }
        return weighted ? norm * Double(count) / Double(max(trainCount, 1)) : norm / Double(rows)
    }
}

/// Cholesky solves of small dense symmetric systems.
enum DenseCholesky {
    /// Solves A x = b in place (A, k×k row-major, is overwritten by its factor; b by x). A pivot
    /// that is not positive gets a jitter of 1e-10 of the mean diagonal (at least 1e-10); returns
    /// false when that is not enough (then b is unspecified).
    static func solve(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ k: Int) -> Bool {
        guard k > 0 else { return true }
        if factor(a, k) { return substitute(a, b, k) }
        return false
    }

    /// The lower Cholesky factor L (A = L Lᵀ) in the lower triangle; false if A is not
    /// positive definite.
    private static func factor(_ a: UnsafeMutablePointer<Double>, _ k: Int) -> Bool {
        var trace = 0.0
        for i in 0..<k { trace += a[i * k + i] }
        let jitter = max(trace / Double(k), 1) * 1e-10
        for j in 0..<k {
            var diagonal = a[j * k + j]
            for p in 0..<j { diagonal -= a[j * k + p] * a[j * k + p] }
            if !(diagonal > 0) { diagonal += jitter }
            guard diagonal > 0, diagonal.isFinite else { return false }
            let l = diagonal.squareRoot()
            a[j * k + j] = l
            for i in (j + 1)..<k {
                var x = a[i * k + j]
                for p in 0..<j { x -= a[i * k + p] * a[j * k + p] }
                a[i * k + j] = x / l
            }
        }
        return true
    }

    /// Forward then back substitution with the factor.
    private static func substitute(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ k: Int)
        -> Bool
    {
        for i in 0..<k {
            var x = b[i]
            for p in 0..<i { x -= a[i * k + p] * b[p] }
            b[i] = x / a[i * k + i]
        }
        for i in stride(from: k - 1, through: 0, by: -1) {
            var x = b[i]
            for p in (i + 1)..<k { x -= a[p * k + i] * b[p] }
            b[i] = x / a[i * k + i]
        }
        return (0..<k).allSatisfy { b[$0].isFinite }
    }
}
