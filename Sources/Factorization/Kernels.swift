import CPrefetch

/// The SIMD loops of the trainer, on raw rows of `SIMD8<Float>` vectors. Every function works
/// on `count` vectors (8 floats each); callers guarantee the pointers are valid for that many.
enum Kernels {
    /// Hints the CPU to load the `count`-vector row at `row` (two vectors per 64-byte line):
    /// a gathered row then arrives while earlier rows are being used.
    @inline(__always)
    static func prefetch(_ row: UnsafePointer<SIMD8<Float>>, _ count: Int) {
        var v = 0
        while v < count {
            mfsweep_prefetch(row + v)
            v += 2
        }
    }

    /// Prefetches the rows `base + index[k]·count` for the 8 indices at `index`.
    @inline(__always)
    static func prefetch8(_ base: UnsafePointer<SIMD8<Float>>, _ index: UnsafePointer<Int32>, _ count: Int) {
        for k in 0..<8 { prefetch(base + Int(index[k]) * count, count) }
    }

    /// Sum of the 8 lanes.
    @inline(__always)
    static func horizontalSum(_ v: SIMD8<Float>) -> Float {
        let h = v.lowHalf + v.highHalf
        let q = h.lowHalf + h.highHalf
        return q[0] + q[1]
    }

    /// ⟨a, b⟩ over `count` vectors.
    @inline(__always)
    static func dot(
        _ a: UnsafePointer<SIMD8<Float>>, _ b: UnsafePointer<SIMD8<Float>>, _ count: Int
    ) -> Float {
        var acc0 = SIMD8<Float>()
        var acc1 = SIMD8<Float>()
        var j = 0
        while j + 1 < count {
            acc0.addProduct(a[j], b[j])
            acc1.addProduct(a[j + 1], b[j + 1])
            j += 2
        }
        if j < count { acc0.addProduct(a[j], b[j]) }
        return horizontalSum(acc0 + acc1)
    }

    /// The 8 sums of the lanes of `a0 … a7`, as one vector (lane k = Σ lanes of a_k).
    @inline(__always)
    static func transposedSums(
        _ a0: SIMD8<Float>, _ a1: SIMD8<Float>, _ a2: SIMD8<Float>, _ a3: SIMD8<Float>,
        _ a4: SIMD8<Float>, _ a5: SIMD8<Float>, _ a6: SIMD8<Float>, _ a7: SIMD8<Float>
    ) -> SIMD8<Float> {
        func quarter(_ x: SIMD8<Float>, _ y: SIMD8<Float>) -> SIMD4<Float> {
            let b = SIMD8(lowHalf: x.lowHalf + x.highHalf, highHalf: y.lowHalf + y.highHalf)
            return b.evenHalf + b.oddHalf
        }
        let f0 = SIMD8(lowHalf: quarter(a0, a1), highHalf: quarter(a2, a3))
        let f1 = SIMD8(lowHalf: quarter(a4, a5), highHalf: quarter(a6, a7))
        return SIMD8(lowHalf: f0.evenHalf + f0.oddHalf, highHalf: f1.evenHalf + f1.oddHalf)
    }

    /// ⟨x, rows[k]⟩ for 8 rows at once (lane k), the rows given by their first vectors.
    /// Eight independent accumulator chains keep both FMA units busy.
    @inline(__always)
    static func dot8(
        _ x: UnsafePointer<SIMD8<Float>>, _ rows: Rows8, _ count: Int
    ) -> SIMD8<Float> {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
        for j in 0..<count {
            let xj = x[j]
            a0.addProduct(xj, rows.r0[j])
            a1.addProduct(xj, rows.r1[j])
            a2.addProduct(xj, rows.r2[j])
            a3.addProduct(xj, rows.r3[j])
            a4.addProduct(xj, rows.r4[j])
            a5.addProduct(xj, rows.r5[j])
            a6.addProduct(xj, rows.r6[j])
            a7.addProduct(xj, rows.r7[j])
        }
        return transposedSums(a0, a1, a2, a3, a4, a5, a6, a7)
    }

    /// y += Σ_k s[k] · rows[k] for 8 rows at once.
    @inline(__always)
    static func axpy8(
        _ s: SIMD8<Float>, _ rows: Rows8, _ y: UnsafeMutablePointer<SIMD8<Float>>, _ count: Int
    ) {
        let s0 = SIMD8<Float>(repeating: s[0]), s1 = SIMD8<Float>(repeating: s[1])
        let s2 = SIMD8<Float>(repeating: s[2]), s3 = SIMD8<Float>(repeating: s[3])
        let s4 = SIMD8<Float>(repeating: s[4]), s5 = SIMD8<Float>(repeating: s[5])
        let s6 = SIMD8<Float>(repeating: s[6]), s7 = SIMD8<Float>(repeating: s[7])
        for j in 0..<count {
            var t0 = y[j]
            var t1 = SIMD8<Float>()
            t0.addProduct(s0, rows.r0[j])
            t1.addProduct(s1, rows.r1[j])
            t0.addProduct(s2, rows.r2[j])
            t1.addProduct(s3, rows.r3[j])
            t0.addProduct(s4, rows.r4[j])
            t1.addProduct(s5, rows.r5[j])
            t0.addProduct(s6, rows.r6[j])
            t1.addProduct(s7, rows.r7[j])
            y[j] = t0 + t1
        }
    }

    /// ‖a‖² accumulated in `Double`.
    @inline(__always)
    static func squaredNorm(_ a: UnsafePointer<SIMD8<Float>>, _ count: Int) -> Double {
        var acc = SIMD8<Float>()
        for j in 0..<count { acc.addProduct(a[j], a[j]) }
        return Double(horizontalSum(acc))
    }

    /// y += s · x.
    @inline(__always)
    static func axpy(
        _ s: Float, _ x: UnsafePointer<SIMD8<Float>>, _ y: UnsafeMutablePointer<SIMD8<Float>>,
        _ count: Int
    ) {
        let sv = SIMD8<Float>(repeating: s)
        for j in 0..<count { y[j].addProduct(sv, x[j]) }
    }

    /// y += s · (x · G) for one row x of `count` vectors and a symmetric Gramian `G` stored as
    /// `8·count` rows of `count` vectors. Complexity: O(d²).
    @inline(__always)
    static func addRowTimesGramian(
        _ s: Float, _ x: UnsafePointer<SIMD8<Float>>, _ gram: UnsafePointer<SIMD8<Float>>,
        _ y: UnsafeMutablePointer<SIMD8<Float>>, _ count: Int
    ) {
        // Blocks of 4 output vectors stay in registers while a runs over all rows of G.
        var j0 = 0
        while j0 < count {
            let width = min(4, count - j0)
            var acc0 = SIMD8<Float>()
            var acc1 = SIMD8<Float>()
            var acc2 = SIMD8<Float>()
            var acc3 = SIMD8<Float>()
            for av in 0..<count {
                let xv = x[av]
                for lane in 0..<8 {
                    let xa = SIMD8<Float>(repeating: xv[lane])
                    let g = gram + (av * 8 + lane) * count + j0
                    acc0.addProduct(xa, g[0])
                    if width > 1 { acc1.addProduct(xa, g[1]) }
                    if width > 2 { acc2.addProduct(xa, g[2]) }
                    if width > 3 { acc3.addProduct(xa, g[3]) }
                }
            }
            let sv = SIMD8<Float>(repeating: s)
            y[j0].addProduct(sv, acc0)
            if width > 1 { y[j0 + 1].addProduct(sv, acc1) }
            if width > 2 { y[j0 + 2].addProduct(sv, acc2) }
            if width > 3 { y[j0 + 3].addProduct(sv, acc3) }
            j0 += 4
        }
    }

    /// y0 += s · (x0 · G) and y1 += s · (x1 · G): two rows share every load of G.
    @inline(__always)
    static func addRowPairTimesGramian(
        _ s: Float, _ x0: UnsafePointer<SIMD8<Float>>, _ x1: UnsafePointer<SIMD8<Float>>,
        _ gram: UnsafePointer<SIMD8<Float>>, _ y0: UnsafeMutablePointer<SIMD8<Float>>,
        _ y1: UnsafeMutablePointer<SIMD8<Float>>, _ count: Int
    ) {
        var j0 = 0
        let sv = SIMD8<Float>(repeating: s)
        while j0 < count {
            if j0 + 4 <= count {
                var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                var b0 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>(), b3 = SIMD8<Float>()
                for av in 0..<count {
                    let xv = x0[av]
                    let zv = x1[av]
                    var g = gram + av * 8 * count + j0
                    for lane in 0..<8 {
                        let xa = SIMD8<Float>(repeating: xv[lane])
                        let za = SIMD8<Float>(repeating: zv[lane])
                        let g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3]
                        a0.addProduct(xa, g0); a1.addProduct(xa, g1)
                        a2.addProduct(xa, g2); a3.addProduct(xa, g3)
                        b0.addProduct(za, g0); b1.addProduct(za, g1)
                        b2.addProduct(za, g2); b3.addProduct(za, g3)
                        g += count
                    }
                }
                y0[j0].addProduct(sv, a0); y0[j0 + 1].addProduct(sv, a1)
                y0[j0 + 2].addProduct(sv, a2); y0[j0 + 3].addProduct(sv, a3)
                y1[j0].addProduct(sv, b0); y1[j0 + 1].addProduct(sv, b1)
                y1[j0 + 2].addProduct(sv, b2); y1[j0 + 3].addProduct(sv, b3)
                j0 += 4
            } else {
                var a0 = SIMD8<Float>(), b0 = SIMD8<Float>()
                for av in 0..<count {
                    let xv = x0[av]
                    let zv = x1[av]
                    var g = gram + av * 8 * count + j0
                    for lane in 0..<8 {
                        let g0 = g[0]
                        a0.addProduct(SIMD8<Float>(repeating: xv[lane]), g0)
                        b0.addProduct(SIMD8<Float>(repeating: zv[lane]), g0)
                        g += count
                    }
                }
                y0[j0].addProduct(sv, a0)
                y1[j0].addProduct(sv, b0)
                j0 += 1
            }
        }
    }

    /// Adds to rows `a0 ..< a0+4` of `gram` those rows of XᵀX over `rows` rows of X, for the
    /// vector columns from the diagonal block on (the upper triangle by 8-column blocks); the
    /// rest is filled by ``mirrorGramian(_:count:)``. `a0` must be a multiple of 4.
    /// Complexity: O(rows · d).
    static func addGramianQuad(
        _ x: UnsafePointer<SIMD8<Float>>, rows: Int, count: Int, a0: Int,
        into gram: UnsafeMutablePointer<SIMD8<Float>>
    ) {
        let av = a0 >> 3
        let lane0 = a0 & 7
        var j = av
        while j < count {
            let pair = j + 1 < count
            let g0 = gram + (a0 + 0) * count + j
            let g1 = gram + (a0 + 1) * count + j
            let g2 = gram + (a0 + 2) * count + j
            let g3 = gram + (a0 + 3) * count + j
            var c00 = g0[0], c01 = pair ? g0[1] : SIMD8<Float>()
            var c10 = g1[0], c11 = pair ? g1[1] : SIMD8<Float>()
            var c20 = g2[0], c21 = pair ? g2[1] : SIMD8<Float>()
            var c30 = g3[0], c31 = pair ? g3[1] : SIMD8<Float>()
            var row = x
            if pair {
                for _ in 0..<rows {
                    let a = row[av]
                    let x0 = row[j]
                    let x1 = row[j + 1]
                    let s0 = SIMD8<Float>(repeating: a[lane0])
                    let s1 = SIMD8<Float>(repeating: a[lane0 + 1])
                    let s2 = SIMD8<Float>(repeating: a[lane0 + 2])
                    let s3 = SIMD8<Float>(repeating: a[lane0 + 3])
                    c00.addProduct(s0, x0); c01.addProduct(s0, x1)
                    c10.addProduct(s1, x0); c11.addProduct(s1, x1)
                    c20.addProduct(s2, x0); c21.addProduct(s2, x1)
                    c30.addProduct(s3, x0); c31.addProduct(s3, x1)
                    row += count
                }
            } else {
                for _ in 0..<rows {
                    let a = row[av]
                    let x0 = row[j]
                    c00.addProduct(SIMD8<Float>(repeating: a[lane0]), x0)
                    c10.addProduct(SIMD8<Float>(repeating: a[lane0 + 1]), x0)
                    c20.addProduct(SIMD8<Float>(repeating: a[lane0 + 2]), x0)
                    c30.addProduct(SIMD8<Float>(repeating: a[lane0 + 3]), x0)
                    row += count
                }
            }
            g0[0] = c00
            g1[0] = c10
            g2[0] = c20
            g3[0] = c30
            if pair {
                g0[1] = c01
                g1[1] = c11
                g2[1] = c21
                g3[1] = c31
            }
            j += pair ? 2 : 1
        }
    }

    /// Fills the lower triangle (by 8-column blocks) of a Gramian from its upper triangle.
    static func mirrorGramian(_ gram: UnsafeMutablePointer<SIMD8<Float>>, count: Int) {
        let d = count * 8
        for a in 0..<d {
            let av = a >> 3
            for b in 0..<(av * 8) {
                gram[a * count + b >> 3][b & 7] = gram[b * count + av][a & 7]
            }
        }
    }

    /// Σ_{a,b} G[a,b]·H[a,b] in `Double`.
    static func frobeniusInner(
        _ g: UnsafePointer<SIMD8<Float>>, _ h: UnsafePointer<SIMD8<Float>>, vectors: Int
    ) -> Double {
        var total = 0.0
        for k in 0..<vectors {
            let p = g[k] * h[k]
            total += Double(horizontalSum(p))
        }
        return total
    }
}

/// Eight row pointers (a gather of factor rows by index).
struct Rows8 {
    var r0, r1, r2, r3, r4, r5, r6, r7: UnsafePointer<SIMD8<Float>>

    /// Rows `base + index[k]·count` for the 8 indices at `index`.
    @inline(__always)
    init(_ base: UnsafePointer<SIMD8<Float>>, _ index: UnsafePointer<Int32>, _ count: Int) {
        r0 = base + Int(index[0]) * count
        r1 = base + Int(index[1]) * count
        r2 = base + Int(index[2]) * count
        r3 = base + Int(index[3]) * count
        r4 = base + Int(index[4]) * count
        r5 = base + Int(index[5]) * count
        r6 = base + Int(index[6]) * count
        r7 = base + Int(index[7]) * count
    }
}
