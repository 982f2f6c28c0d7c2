public import Core
import Ratings

/// A matrix-factorization model: user factors U (N×d), item factors V (M×d), and optionally
/// user and item biases around a global mean, with an optional sigmoid output range.
///
/// score(u, i) = μ + b_u + b_i + ⟨U_u, V_i⟩ (biases and μ only with `bias`);
/// prediction  = score, or lo + (hi − lo)·sigmoid(score) with an output range.
///
/// An immutable value, safe to share between threads: once made, a model's parameters are
/// written only by the trainer that made it, which hands the model out when training is over.
public struct MFModel: Sendable {
    /// User factors U, one row per user.
    public let users: Factors
    /// Item factors V, one row per item.
    public let items: Factors
    /// User biases b_u, when the model has biases (written only by the trainer).
    let userBiasBuffer: FloatBuffer?
    /// Item biases b_i, when the model has biases (written only by the trainer).
    let itemBiasBuffer: FloatBuffer?
    /// The constant added to every score (μ; the logit of the scaled mean with an output range).
    public let offset: Float
    /// The output range, if predictions go through a sigmoid.
    public let outputRange: ClosedRange<Float>?

    /// Number of users (N).
    public var userCount: Int { users.rows }
    /// Number of items (M).
    public var itemCount: Int { items.rows }
    /// Embedding dimension.
    public var embDim: Int { users.columns }
    /// Whether scores include user and item biases.
    public var hasBiases: Bool { userBiasBuffer != nil }

    /// The user biases b_u by user index, when the model has biases.
    ///
    /// - Complexity: O(N) (a copy).
    public var userBias: [Float]? { userBiasBuffer?.array }
    /// The item biases b_i by item index, when the model has biases.
    ///
    /// - Complexity: O(M) (a copy).
    public var itemBias: [Float]? { itemBiasBuffer?.array }

    /// A model with U, V ~ Normal(0, prior_std) drawn from `seed` (users first, then items, as
    /// the book does with one key split in two), zero biases, and μ = `mean` when `bias` (the
    /// logit of the scaled mean with an output range, except in mini-batch training, which
    /// starts at μ = 0 as fastai's DotProductBias does).
    public init(
        userCount: Int, itemCount: Int, hyperparameters h: Hyperparameters, mean: Double,
        seed: UInt64
    ) {
        let u = FactorMatrix(rows: userCount, columns: h.embDim)
        let v = FactorMatrix(rows: itemCount, columns: h.embDim)
        var userRNG = SeededGenerator(seed: seed, stream: "init.users")
        var itemRNG = SeededGenerator(seed: seed, stream: "init.items")
        u.fillNormal(std: h.priorStd, using: &userRNG)
        v.fillNormal(std: h.priorStd, using: &itemRNG)
        users = Factors(u)
        items = Factors(v)
        userBiasBuffer = h.bias ? FloatBuffer(count: userCount) : nil
        itemBiasBuffer = h.bias ? FloatBuffer(count: itemCount) : nil
        let range = h.yRange.map { Float($0.lowerBound)...Float($0.upperBound) }
        outputRange = range
        if !h.bias || (h.isMiniBatch && range != nil) {
            // fastai's DotProductBias has no global term: with an output range, mini-batch
            // training starts the sigmoid at the middle of the range, as it does.
            offset = 0
        } else if let r = range {
            // Start the sigmoid at the mean: logit((μ − lo) / (hi − lo)), clamped inside (0, 1).
            let p = min(max((Float(mean) - r.lowerBound) / (r.upperBound - r.lowerBound), 0.01), 0.99)
            offset = logit(p)
        } else {
            offset = Float(mean)
        }
    }

    /// A model from its parameters (for example a saved model's).
    ///
    /// - Precondition: `users` and `items` have the same number of columns, and the biases are
    ///   both given (one per user and one per item) or both nil.
    public init(
        users: Factors, items: Factors, userBias: [Float]?, itemBias: [Float]?, offset: Float,
        outputRange: ClosedRange<Float>?
    ) {
        precondition(users.columns == items.columns, "users and items of different dimensions")
        precondition((userBias == nil) == (itemBias == nil), "biases for users but not items, or the reverse")
        precondition(userBias.map { $0.count == users.rows } ?? true, "one user bias per user")
        precondition(itemBias.map { $0.count == items.rows } ?? true, "one item bias per item")
        self.users = users
        self.items = items
        self.userBiasBuffer = userBias.map(FloatBuffer.init)
        self.itemBiasBuffer = itemBias.map(FloatBuffer.init)
        self.offset = offset
        self.outputRange = outputRange
    }

    /// The raw score μ + b_u + b_i + ⟨U_u, V_i⟩.
    ///
    /// - Precondition: `u` and `i` are a user and an item of the model.
    /// - Complexity: O(d).
    public func score(user u: Int, item i: Int) -> Float {
        precondition(u >= 0 && u < userCount && i >= 0 && i < itemCount, "user or item index out of range")
        return uncheckedScore(user: u, item: i)
    }

    /// The predicted rating.
    ///
    /// - Precondition: `u` and `i` are a user and an item of the model.
    /// - Complexity: O(d).
    public func predict(user u: Int, item i: Int) -> Float {
        precondition(u >= 0 && u < userCount && i >= 0 && i < itemCount, "user or item index out of range")
        return uncheckedPredict(user: u, item: i)
    }

    /// ``score(user:item:)`` without the index check, for loops whose indices are valid.
    @inline(__always)
    func uncheckedScore(user u: Int, item i: Int) -> Float {
        var s = Kernels.dot(users.storage.row(u), items.storage.row(i), users.storage.vectorsPerRow) + offset
        if let ub = userBiasBuffer, let ib = itemBiasBuffer { s += ub.base[u] + ib.base[i] }
        return s
    }

    /// ``predict(user:item:)`` without the index check, for loops whose indices are valid.
    @inline(__always)
    func uncheckedPredict(user u: Int, item i: Int) -> Float {
        let s = uncheckedScore(user: u, item: i)
        guard let r = outputRange else { return s }
        return r.lowerBound + (r.upperBound - r.lowerBound) * sigmoid(s)
    }
}
