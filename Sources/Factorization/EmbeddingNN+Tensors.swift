public import Core

extension EmbeddingNN {
    /// A named parameter tensor, as PyTorch's `state_dict` of fastai's `TabularModel` names it.
    public typealias Tensor = (name: String, shape: [Int], values: [Float])

    /// Why a list of tensors does not fit a shape.
    public struct TensorMismatch: Error, Equatable, CustomStringConvertible {
        /// What is wrong, naming the tensor.
        public var description: String
    }

    /// A row-major view of one stored tensor (`rows × columns` logical elements).
    private struct Slot {
        var name: String
        var shape: [Int]
        var matrix: FactorMatrix
        var rows: Int
        /// Logical column → stored column.
        var columns: [Int]
    }

    /// Every tensor, in `state_dict` order, with PyTorch's shapes: `embeds.k.weight` (user,
    /// item, categorical), `bn_cont.*`, `layers.l.0.weight` (Linear, out × in),
    /// `layers.l.2.{weight, bias, running_mean, running_var}` (BatchNorm) and the final
    /// `layers.L.0.{weight, bias}`.
    private var slots: [Slot] {
        var out: [Slot] = []
        for (k, table) in embeddings.enumerated() {
            out.append(
                Slot(
                    name: "embeds.\(k).weight", shape: [table.rows, table.width], matrix: table.parameter.value,
                    rows: table.rows, columns: Array(0..<table.width)))
        }
        func norm(_ prefix: String, _ n: BatchNormLayer) {
            let all = Array(0..<n.features)
            for (suffix, m) in [
                ("weight", n.weight.value), ("bias", n.bias.value), ("running_mean", n.runningMean),
                ("running_var", n.runningVar),
            ] {
                out.append(Slot(name: prefix + suffix, shape: [n.features], matrix: m, rows: 1, columns: all))
            }
        }
        if let n = continuousNorm { norm("bn_cont.", n) }
        for (l, layer) in hidden.enumerated() {
            out.append(
                Slot(
                    name: "layers.\(l).0.weight", shape: [layer.outputs, layer.columnMap.count],
                    matrix: layer.weight.value, rows: layer.outputs, columns: layer.columnMap))
            norm("layers.\(l).2.", norms[l])
        }
        let last = "layers.\(hidden.count).0."
        out.append(
            Slot(
                name: last + "weight", shape: [1, output.columnMap.count], matrix: output.weight.value, rows: 1,
                columns: output.columnMap))
        if let b = output.bias {
            out.append(Slot(name: last + "bias", shape: [1], matrix: b.value, rows: 1, columns: [0]))
        }
        return out
    }

    /// Every parameter and running statistic, for saving.
    ///
    /// - Complexity: O(parameters).
    public var tensors: [Tensor] {
        slots.map { slot in
            var values: [Float] = []
            values.reserveCapacity(slot.rows * slot.columns.count)
            for r in 0..<slot.rows {
                for c in slot.columns { values.append(slot.matrix[r, c]) }
            }
            return (slot.name, slot.shape, values)
        }
    }

    /// A network of `shape` with the saved `tensors` (every one of ``tensors``' names, with
    /// matching shapes; optimizer moments start at zero).
    ///
    /// - Throws: ``TensorMismatch`` naming a missing, extra or misshapen tensor.
    public convenience init(shape: Shape, hyperparameters h: Hyperparameters, tensors: [Tensor]) throws {
        self.init(shape: shape, hyperparameters: h, seed: 0)
        var byName: [String: Tensor] = [:]
        for t in tensors {
            guard byName.updateValue(t, forKey: t.name) == nil else {
                throw TensorMismatch(description: "tensor \(t.name) appears twice")
            }
        }
        for slot in slots {
            guard let t = byName.removeValue(forKey: slot.name) else {
                throw TensorMismatch(description: "missing tensor \(slot.name)")
            }
            guard t.shape == slot.shape, t.values.count == slot.rows * slot.columns.count else {
                throw TensorMismatch(
                    description:
                        "tensor \(slot.name) has shape \(t.shape) (\(t.values.count) values), expected \(slot.shape)"
                )
            }
            var k = 0
            for r in 0..<slot.rows {
                for c in slot.columns {
                    slot.matrix[r, c] = t.values[k]
                    k += 1
                }
            }
        }
        if let extra = byName.keys.sorted().first {
            throw TensorMismatch(description: "unexpected tensor \(extra)")
        }
    }
}
