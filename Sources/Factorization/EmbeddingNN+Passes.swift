import Core

extension EmbeddingNN {
    /// The forward pass over the batch's rows up to the final layer's scores (in
    /// `scratch.scores`). Training draws dropout masks and normalises with batch statistics
    /// (updating the running ones); evaluation uses neither dropout nor batch statistics.
    func forward(_ batch: Batch, training: Bool) {
        let rows = batch.count
        reserve(rows: rows)
        let s = scratch
        let n = inputVectors
        let x = s.input.base
        gather(batch, into: x)
        if training && embedP > 0 {
            let mask = s.inputMask.base
            let e = embeddingVectors
            Dropout.fillMask(mask, count: rows * e, p: embedP, using: &dropoutGenerator)
            for r in 0..<rows { Dropout.apply(mask + r * e, to: x + r * n, count: e) }
        }
        if let norm = continuousNorm, let values = batch.continuous {
            let c = norm.vectors
            let cont = s.continuous.base
            let features = shape.continuousCount
            let scalars = UnsafeMutableRawPointer(cont).assumingMemoryBound(to: Float.self)
            for r in 0..<rows {
                for f in 0..<features { scalars[r * c * 8 + f] = values[r * features + f] }
            }
            norm.forward(cont, cont, rows: rows, training: training)
            for r in 0..<rows {
                (x + r * n + embeddingVectors).update(from: cont + r * c, count: c)
            }
        }
        var previous = UnsafePointer(x)
        for l in hidden.indices {
            let a = s.activations[l].base
            let count = rows * hidden[l].outputVectors
            hidden[l].forward(previous, a, rows: rows)
            for k in 0..<count { a[k].replace(with: 0, where: a[k] .< 0) }
            let o = s.outputs[l].base
            norms[l].forward(a, o, rows: rows, training: training)
            if training && ps > 0 {
                let mask = s.masks[l].base
                Dropout.fillMask(mask, count: count, p: ps, using: &dropoutGenerator)
                Dropout.apply(mask, to: o, count: count)
            }
            previous = UnsafePointer(o)
        }
        output.forward(previous, s.scores.base, rows: rows)
    }

    /// Copies each row's embeddings into its input row.
    private func gather(_ batch: Batch, into x: UnsafeMutablePointer<SIMD8<Float>>) {
        let n = inputVectors
        let categoricalCount = shape.categoricalCardinalities.count
        precondition(categoricalCount == 0 || batch.categorical != nil, "the batch has no categorical codes")
        precondition(shape.continuousCount == 0 || batch.continuous != nil, "the batch has no continuous values")
        for (k, table) in embeddings.enumerated() {
            let c = table.vectors
            let base = UnsafePointer(table.parameter.value.base)
            let offset = embeddingOffsets[k]
            for r in 0..<batch.count {
                let index: Int32
                switch k {
                case 0: index = batch.users[r]
                case 1: index = batch.items[r]
                default: index = batch.categorical![r * categoricalCount + k - 2]
                }
                let i = Int(index)
                precondition(i >= 0 && i < table.rows, "embedding index \(i) out of 0..<\(table.rows)")
                (x + r * n + offset).update(from: base + i * c, count: c)
            }
        }
    }

    /// The prediction for a final-layer score: lo + (hi − lo)·sigmoid(z) with an output range,
    /// else z; and d prediction / dz.
    @inline(__always)
    func prediction(_ z: Float) -> (value: Float, slope: Float) {
        guard let range = shape.outputRange else { return (z, 1) }
        let width = range.upperBound - range.lowerBound
        let s = sigmoid(z)
        return (range.lowerBound + width * s, width * s * (1 - s))
    }

    /// The backward pass of the last ``forward(_:training:)`` from ∂loss/∂score in
    /// `scratch.scoreGradient`, into every parameter's gradient (embedding gradients only in the
    /// rows the batch touched, after zeroing the rows of the previous pass).
    func backward(_ batch: Batch, training: Bool) {
        let rows = batch.count
        let s = scratch
        for table in embeddings { table.clearGradient() }
        let layerCount = hidden.count
        let inputGradient = s.inputGradient.base
        var g = s.gradientA.base
        var other = s.gradientB.base
        output.backward(
            layerCount == 0 ? s.input.base : s.outputs[layerCount - 1].base, s.scoreGradient.base,
            layerCount == 0 ? inputGradient : g, rows: rows)
        for l in stride(from: layerCount - 1, through: 0, by: -1) {
            let count = rows * hidden[l].outputVectors
            if training && ps > 0 { Dropout.apply(s.masks[l].base, to: g, count: count) }
            norms[l].backward(g, g, rows: rows, training: training)
            let a = s.activations[l].base
            for k in 0..<count { g[k].replace(with: 0, where: a[k] .<= 0) }
            let dx = l == 0 ? inputGradient : other
            hidden[l].backward(l == 0 ? s.input.base : s.outputs[l - 1].base, g, dx, rows: rows)
            swap(&g, &other)
        }
        scatter(batch, inputGradient, training: training)
    }

    /// Adds each row's input gradient to its embedding rows (through the dropout mask), and
    /// runs `bn_cont`'s backward on the continuous part.
    private func scatter(_ batch: Batch, _ dx: UnsafeMutablePointer<SIMD8<Float>>, training: Bool) {
        let rows = batch.count
        let n = inputVectors
        if training && embedP > 0 {
            let mask = scratch.inputMask.base
            let e = embeddingVectors
            for r in 0..<rows { Dropout.apply(mask + r * e, to: dx + r * n, count: e) }
        }
        let categoricalCount = shape.categoricalCardinalities.count
        for (k, table) in embeddings.enumerated() {
            let offset = embeddingOffsets[k]
            for r in 0..<rows {
                let index: Int32
                switch k {
                case 0: index = batch.users[r]
                case 1: index = batch.items[r]
                default: index = batch.categorical![r * categoricalCount + k - 2]
                }
                table.accumulate(row: Int(index), dx + r * n + offset)
            }
        }
        if let norm = continuousNorm {
            let c = norm.vectors
            let cont = scratch.continuous.base
            for r in 0..<rows { (cont + r * c).update(from: dx + r * n + embeddingVectors, count: c) }
            norm.backward(cont, nil, rows: rows, training: training)
        }
    }

    /// The forward and backward passes over `batch`: every parameter's gradient of the batch's
    /// mean squared error (1/B)·Σ(prediction − rating)². Returns the sum of squared errors.
    ///
    /// - Complexity: O(B · Σ_l n_l·n_{l+1}).
    func lossAndGradients(_ batch: Batch, training: Bool) -> Double {
        forward(batch, training: training)
        let scores = scratch.scores.base
        let dz = scratch.scoreGradient.base
        let twoOverCount = 2 / Float(batch.count)
        var sum = 0.0
        for r in 0..<batch.count {
            let p = prediction(scores[r][0])
            let error = p.value - batch.ratings[r]
            sum += Double(error * error)
            var v = SIMD8<Float>()
            v[0] = twoOverCount * error * p.slope
            dz[r] = v
        }
        backward(batch, training: training)
        return sum
    }

    /// Writes the evaluation-mode prediction of each row of `batch` (no dropout, BatchNorm with
    /// the running statistics) to `predictions[0 ..< B]`. Allocates only to grow the scratch.
    ///
    /// - Complexity: O(B · Σ_l n_l·n_{l+1}).
    public func predict(_ batch: Batch, into predictions: UnsafeMutablePointer<Float>) {
        forward(batch, training: false)
        let scores = scratch.scores.base
        for r in 0..<batch.count { predictions[r] = prediction(scores[r][0]).value }
    }

    /// One training step on `batch`: the training-mode passes (dropout, batch statistics, the
    /// running statistics updated), then the update rule on every dense parameter and on every
    /// embedding row (dense) or the rows the batch touched (`sparse`). Decoupled weight decay
    /// (`scales.decay`) applies to the embeddings and Linear weights only. Returns the batch's
    /// sum of squared errors.
    ///
    /// - Complexity: O(B · Σ_l n_l·n_{l+1}) plus O(parameters) (dense) or O(dense parameters +
    ///   touched rows · width) (sparse).
    func step(_ batch: Batch, scales: OptimizerState.StepScales, sparse: Bool) -> Double {
        precondition(scales.kind == optimizer, "the step's rule differs from the network's moments")
        let sum = lossAndGradients(batch, training: true)
        for table in embeddings { table.update(scales, sparse: sparse) }
        for tensor in denseParameters { tensor.updateAll(scales) }
        return sum
    }
}
