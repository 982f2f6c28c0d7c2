public import Core
import Ratings

/// A matrix-factorization model: user factors U (N×d), item factors V (M×d), and optionally
/// user and item biases around a global mean, with an optional sigmoid output range.
///
/// score(u, i) = μ + b_u + b_i + ⟨U_u, V_i⟩ (biases and μ only with `bias`);
/// prediction  = score, or lo + (hi − lo)·sigmoid(score) with an output range.
public struct MFModel: Sendable {
    /// User factors, one row per user.
    public let users: FactorMatrix
    /// Item factors, one row per item.
    public let items: FactorMatrix
    /// User biases, when the model has biases.
    public let userBias: FloatBuffer?
    /// Item biases, when the model has biases.
    public let itemBias: FloatBuffer?
    /// The constant added to every score (μ; the logit of the scaled mean with an output range).
    public let offset: Float
    /// The output range, if predictions go through a sigmoid.
    public let outputRange: ClosedRange<Float>?

    /// Embedding dimension.
    public var embDim: Int { users.columns }

    /// A model with U, V ~ Normal(0, prior_std) drawn from `seed` (users first, then items, as
    /// the book does with one key split in two), zero biases, and μ = `mean` when `bias`.
    public init(
        userCount: Int, itemCount: Int, hyperparameters h: Hyperparameters, mean: Double,
        seed: UInt64
    ) {
        users = FactorMatrix(rows: userCount, columns: h.embDim)
        items = FactorMatrix(rows: itemCount, columns: h.embDim)
        var userRNG = SeededGenerator(seed: seed, stream: "init.users")
        var itemRNG = SeededGenerator(seed: seed, stream: "init.items")
        users.fillNormal(std: h.priorStd, using: &userRNG)
        items.fillNormal(std: h.priorStd, using: &itemRNG)
        userBias = h.bias ? FloatBuffer(count: userCount) : nil
        itemBias = h.bias ? FloatBuffer(count: itemCount) : nil
        let range = h.yRange.map { Float($0.lowerBound)...Float($0.upperBound) }
        outputRange = range
        if !h.bias {
            offset = 0
        } else if let r = range {
            // Start the sigmoid at the mean: logit((μ − lo) / (hi − lo)), clamped inside (0, 1).
            let p = min(max((Float(mean) - r.lowerBound) / (r.upperBound - r.lowerBound), 0.01), 0.99)
            offset = logit(p)
        } else {
            offset = Float(mean)
        }
    }

    /// A model from existing parts (for loading a saved model).
    public init(
        users: FactorMatrix, items: FactorMatrix, userBias: FloatBuffer?, itemBias: FloatBuffer?,
        offset: Float, outputRange: ClosedRange<Float>?
    ) {
        precondition(users.columns == items.columns)
        self.users = users
        self.items = items
        self.userBias = userBias
        self.itemBias = itemBias
        self.offset = offset
        self.outputRange = outputRange
    }

    /// The raw score μ + b_u + b_i + ⟨U_u, V_i⟩.
    @inline(__always)
    public func score(user u: Int, item i: Int) -> Float {
        var s = Kernels.dot(users.row(u), items.row(i), users.vectorsPerRow) + offset
        if let ub = userBias, let ib = itemBias { s += ub.base[u] + ib.base[i] }
        return s
    }

    /// The predicted rating.
    @inline(__always)
    public func predict(user u: Int, item i: Int) -> Float {
        let s = score(user: u, item: i)
        guard let r = outputRange else { return s }
        return r.lowerBound + (r.upperBound - r.lowerBound) * sigmoid(s)
    }

    /// A deep copy (so a snapshot is not changed by further training).
    public func copy() -> MFModel {
        let u = FactorMatrix(rows: users.rows, columns: users.columns)
        u.copy(from: users)
        let v = FactorMatrix(rows: items.rows, columns: items.columns)
        v.copy(from: items)
        func dup(_ b: FloatBuffer?) -> FloatBuffer? {
            b.map { src in
                let d = FloatBuffer(count: src.count)
                d.copy(from: src)
                return d
            }
        }
        return MFModel(
            users: u, items: v, userBias: dup(userBias), itemBias: dup(itemBias), offset: offset,
            outputRange: outputRange)
    }
}
