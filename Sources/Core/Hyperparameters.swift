#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The trainer's settings, named as in the book (chapter 10) plus the extensions.
///
/// Defaults are the book's (`ell_2` 1, `gram` 1, `decay_pct` 0.5, `period_length` 100) and the
/// reference trainer's (`emb_dim` 10, `prior_std` 0.1, `alpha` 1, `steps` 1000); the extensions
/// are off, so a config of book parameters reproduces the book's numbers.
public struct Hyperparameters: Sendable, Equatable {
    /// Embedding dimension d.
    public var embDim = 10
    /// Standard deviation of the Normal(0, prior_std) initialisation of U and V.
    public var priorStd = 0.1
    /// Base learning rate.
    public var alpha = 1.0
    /// Number of full-batch gradient steps.
    public var steps = 1000
    /// Weight of the L2 term Σ‖U_i‖²/N + Σ‖V_j‖²/M (default 1, or 0 in mini-batch training
    /// when the config does not set it).
    public var ell2 = 1.0
    /// Weight of the Gramian term Σ(UᵀU ∘ VᵀV)/(N·M) (default 1, or 0 in mini-batch training
    /// when the config does not set it).
    public var gram = 1.0
    /// Step decay factor: lr(i) = alpha · decay_pct^floor((1+i)/period_length).
    public var decayPct = 0.5
    /// Steps per decay period.
    public var periodLength = 100.0
    /// Number of cross-validation folds; 1 means a single holdout.
    public var numFolds = 1
    /// Learn user and item biases around the global mean (penalised by `ell_2`).
    public var bias = false
    /// The update rule.
    public var optimizer = Optimizer.gd
    /// Momentum coefficient for `optimizer: momentum`.
    public var momentum = 0.9
    /// Adam's first-moment decay.
    public var beta1 = 0.9
    /// Adam's second-moment decay.
    public var beta2 = 0.999
    /// Adam's denominator guard.
    public var epsilon = 1e-8
    /// Output range: predictions are lo + (hi − lo)·sigmoid(score) (fastai's `sigmoid_range`).
    public var yRange: ClosedRange<Double>?
    /// The learning-rate schedule.
    public var schedule = Schedule.step
    /// `one_cycle`: the fraction of the steps spent warming up (fastai's `pct_start`).
    public var pctStart = 0.25
    /// `one_cycle`: the first learning rate is alpha / div (fastai's `div`).
    public var div = 25.0
    /// `one_cycle`: the last learning rate is alpha / div_final (fastai's `div_final`).
    public var divFinal = 1e5
    /// Ratings per mini-batch; 0 (the default) trains full-batch for ``steps`` steps, as the
    /// book does. Above 0, training runs ``epochs`` passes over the shuffled training ratings,
    /// one optimizer step per batch.
    public var batchSize = 0
    /// Passes over the training ratings in mini-batch training (`batch_size` > 0).
    public var epochs = 5
    /// Decoupled weight decay (fastai's default `true_wd`, PyTorch's AdamW): each step first
    /// multiplies the weights by 1 − lr·wd, beside the ell_2 penalty in the loss.
    public var wd = 0.0
    /// RMSProp's smoothing constant (PyTorch's `alpha` of `RMSprop`).
    public var rho = 0.99
    /// Mini-batch training: true updates only the rows of the batch's users and items (and the
    /// moments of the others wait); false updates every row every step, as PyTorch's dense
    /// optimizers do on an `nn.Embedding`.
    public var sparse = false
    /// Mini-batch training: also log every N batches (0: only at the end of each epoch).
    public var logBatches = 0
    /// The model: the dot product of embeddings (with `bias`, fastai's DotProductBias), or
    /// fastai's EmbeddingNN.
    public var model = Model.dot
    /// `embedding_nn`: sizes of the hidden layers (Linear → ReLU → BatchNorm each).
    public var layers = [100, 50]
    /// `embedding_nn`: dropout after each hidden layer (fastai's `ps`).
    public var ps = 0.0
    /// `embedding_nn`: dropout on the concatenated embeddings (fastai's `embed_p`).
    public var embedP = 0.0
    /// `embedding_nn`: width of the user embedding; 0 uses fastai's rule
    /// min(600, round(1.6·n^0.56)).
    public var userEmbDim = 0
    /// `embedding_nn`: width of the item embedding; 0 uses fastai's rule.
    public var itemEmbDim = 0
    /// `als`: frequency-weighted λ (ALS-WR, as Spark MLlib's `regParam`): the L2 term becomes
    /// (Σ n_u‖U_u‖² + Σ n_i‖V_i‖²)/|Ω| (and the biases likewise), n being each row's training
    /// ratings, instead of Σ‖U_u‖²/N + Σ‖V_i‖²/M.
    public var weightedLambda = false

    /// The model a run trains.
    public enum Model: String, Sendable, CaseIterable {
        /// score = ⟨U_u, V_i⟩ (+ μ + b_u + b_i with `bias`): the book's model and fastai's
        /// DotProductBias.
        case dot
        /// fastai's EmbeddingNN (TabularModel): the user and item embeddings (and side
        /// features) concatenated and passed through `layers` of Linear → ReLU → BatchNorm.
        case embeddingNN = "embedding_nn"
    }

    /// fastai's embedding width for a category with `n` values: min(600, round(1.6·n^0.56)).
    public static func fastaiEmbeddingSize(_ n: Int) -> Int {
        min(600, Int((1.6 * pow(Double(n), 0.56)).rounded()))
    }

    /// Whether training runs in mini-batches (`batch_size` > 0).
    public var isMiniBatch: Bool { batchSize > 0 }

    /// How often a run logs, given the caller's usual interval `usual`: every step for `als`,
    /// whose steps are whole passes (few and long, and hyperband's brackets count logged
    /// steps), else `usual`.
    public func logInterval(usual: Int) -> Int { optimizer == .als ? 1 : usual }

    /// How the learning rate moves over the steps.
    public enum Schedule: String, Sendable, CaseIterable {
        /// The book's step decay: alpha · decay_pct^floor((1 + i) / period_length).
        case step
        /// fastai's `fit_one_cycle`: a half-cosine from alpha/div up to alpha over the first
        /// `pct_start` of the steps, then down to alpha/div_final; the momentum (`momentum`, or
        /// Adam's β1) cycles 0.95 → 0.85 → 0.95 the other way.
        case oneCycle = "one_cycle"
        /// alpha throughout.
        case constant
    }

    /// The update rules the trainer offers.
    public enum Optimizer: String, Sendable, CaseIterable {
        /// Plain gradient descent, as in the book.
        case gd
        /// Plain (stochastic) gradient descent: the same rule as `gd`, PyTorch's `SGD`.
        case sgd
        /// Heavy-ball momentum, PyTorch's `SGD(momentum=μ)`: m ← μ·m + g; p ← p − lr·m.
        case momentum
        /// PyTorch's `RMSprop`: v ← ρ·v + (1 − ρ)·g²; p ← p − lr·g/(√v + ε).
        case rmsprop
        /// Adam with bias correction (Kingma & Ba, 2015), PyTorch's `Adam` (`AdamW` with `wd`).
        case adam
        /// Alternating least squares: each step solves every user row exactly with V fixed, then
        /// every item row with U fixed (a k×k system per row, with the same objective). It has
        /// no learning rate: `alpha`, the schedule and the moments are ignored.
        case als

        /// Whether the rule keeps a first moment (momentum buffer) per parameter.
        public var hasFirstMoment: Bool { self == .momentum || self == .adam }
        /// Whether the rule keeps a second moment per parameter.
        public var hasSecondMoment: Bool { self == .rmsprop || self == .adam }
    }

    /// The book's defaults.
    public init() {}

    /// Every parameter name the trainer understands, in the book's order.
    public static let names = [
        "emb_dim", "prior_std", "alpha", "steps", "ell_2", "gram", "decay_pct", "period_length",
        "num_folds", "bias", "optimizer", "momentum", "beta1", "beta2", "epsilon", "y_range", "schedule",
        "pct_start", "div", "div_final", "batch_size", "epochs", "wd", "rho", "sparse", "log_batches", "model",
        "layers", "ps", "embed_p", "user_emb_dim", "item_emb_dim", "weighted_lambda",
    ]

    /// The parameters `optimizer: als` ignores: it solves each row exactly, so it has no
    /// learning rate, schedule or moments.
    public static let ignoredByALS = [
        "alpha", "decay_pct", "period_length", "schedule", "pct_start", "div", "div_final", "momentum", "beta1",
        "beta2", "epsilon", "rho",
    ]

    /// The defaults with the named values applied. Throws a ``HyperparameterError`` naming the
    /// first unknown name or bad value.
    public init(_ values: [String: ParameterValue]) throws(HyperparameterError) {
        self.init()
        for name in values.keys.sorted() {
            try set(name, values[name]!)
        }
        // Mini-batch training is fastai's: without a Gramian, and regularised by `wd` unless
        // the config asks for the book's penalty.
        if isMiniBatch {
            if values["gram"] == nil { gram = 0 }
            if values["ell_2"] == nil { ell2 = 0 }
        }
        try validate()
    }

    /// Sets one parameter by its book name.
    public mutating func set(_ name: String, _ value: ParameterValue) throws(HyperparameterError) {
        func number() throws(HyperparameterError) -> Double {
            guard let n = value.number, n.isFinite else {
                throw HyperparameterError(name: name, message: "expected a number, got \(value)")
            }
            return n
        }
        func integer() throws(HyperparameterError) -> Int {
            let n = try number()
            guard n == n.rounded() else {
                throw HyperparameterError(name: name, message: "expected an integer, got \(value)")
            }
            guard abs(n) <= Self.largestInteger else {
                throw HyperparameterError(
                    name: name, message: "\(value) is too large: integers go up to \(Int(Self.largestInteger))")
            }
            return Int(n)
        }
        switch name {
        case "emb_dim": embDim = try integer()
        case "prior_std": priorStd = try number()
        case "alpha": alpha = try number()
        case "steps": steps = try integer()
        case "ell_2": ell2 = try number()
        case "gram": gram = try number()
        case "decay_pct": decayPct = try number()
        case "period_length": periodLength = try number()
        case "num_folds": numFolds = try integer()
        case "momentum": momentum = try number()
        case "beta1": beta1 = try number()
        case "beta2": beta2 = try number()
        case "epsilon": epsilon = try number()
        case "pct_start": pctStart = try number()
        case "div": div = try number()
        case "div_final": divFinal = try number()
        case "batch_size": batchSize = try integer()
        case "epochs": epochs = try integer()
        case "wd": wd = try number()
        case "rho": rho = try number()
        case "log_batches": logBatches = try integer()
        case "ps": ps = try number()
        case "embed_p": embedP = try number()
        case "user_emb_dim": userEmbDim = try integer()
        case "item_emb_dim": itemEmbDim = try integer()
        case "sparse": sparse = try Self.flag(name, value)
        case "weighted_lambda": weightedLambda = try Self.flag(name, value)
        case "model":
            guard case .string(let text) = value, let parsed = Model(rawValue: text) else {
                throw HyperparameterError(name: name, message: "expected one of dot, embedding_nn, got \(value)")
            }
            model = parsed
        case "layers":
            let sizes: [Int]? =
                switch value {
                case .list(let items):
                    items.map { item -> Int? in
                        guard let n = item.number, n == n.rounded(), n >= 1, n <= 65536 else { return nil }
                        return Int(n)
                    }.reduce(into: [Int]?([])) { out, n in
                        if let n, out != nil { out!.append(n) } else { out = nil }
                    }
                default: nil
                }
            guard let sizes else {
                throw HyperparameterError(
                    name: name, message: "expected a list of layer sizes in 1...65536, like [100, 50], got \(value)")
            }
            layers = sizes
        case "schedule":
            guard case .string(let text) = value, let parsed = Schedule(rawValue: text) else {
                throw HyperparameterError(
                    name: name, message: "expected one of step, one_cycle, constant, got \(value)")
            }
            schedule = parsed
        case "bias": bias = try Self.flag(name, value)
        case "optimizer":
            guard case .string(let s) = value, let o = Optimizer(rawValue: s) else {
                throw HyperparameterError(
                    name: name, message: "expected one of gd, sgd, momentum, rmsprop, adam, als, got \(value)")
            }
            optimizer = o
        case "y_range":
            switch value {
            case .string("none"), .bool(false): yRange = nil
            case .list(let l) where l.count == 2:
                guard let lo = l[0].number, let hi = l[1].number, lo.isFinite, hi.isFinite, lo < hi
                else {
                    throw HyperparameterError(
                        name: name, message: "expected [lo, hi] with lo < hi, got \(value)")
                }
                yRange = lo...hi
            default:
                throw HyperparameterError(
                    name: name, message: "expected [lo, hi] with lo < hi, got \(value)")
            }
        default:
            throw HyperparameterError(
                name: name,
                message: "unknown parameter; known: " + Self.names.joined(separator: ", "))
        }
    }

    /// `true`/`false` (or 1/0) for the flag `name`.
    private static func flag(_ name: String, _ value: ParameterValue) throws(HyperparameterError) -> Bool {
        switch value {
        case .bool(let b): return b
        case .int(0): return false
        case .int(1): return true
        default: throw HyperparameterError(name: name, message: "expected true or false, got \(value)")
        }
    }

    /// The largest integer a parameter may take (10^15), well inside `Int` and exactly
    /// representable as a `Double`.
    public static let largestInteger = 1e15

    /// The largest magnitude of a real parameter: the trainer computes in 32-bit floats, whose
    /// largest finite value is about 3.4e38.
    public static let largestReal = Double(Float.greatestFiniteMagnitude)

    /// The largest size of a `y_range` bound (10¹⁹): a prediction's squared error against a
    /// rating of ordinary size, about (10¹⁹)² = 10³⁸, stays a finite 32-bit float (≤ 3.4e38).
    public static let largestOutputBound = 1e19

    /// Checks ranges: positive sizes and rates, non-negative penalties, decay in (0, 1], and
    /// reals that fit the trainer's 32-bit floats.
    public func validate() throws(HyperparameterError) {
        try validateRanges()
        try validateCombination()
    }

    /// Checks each setting's own range (see ``validate()``).
    func validateRanges() throws(HyperparameterError) {
        func check(_ ok: Bool, _ name: String, _ what: String) throws(HyperparameterError) {
            if !ok { throw HyperparameterError(name: name, message: what) }
        }
        let floats = "the trainer computes in 32-bit floats"
        for (name, x) in [("prior_std", priorStd), ("alpha", alpha), ("ell_2", ell2), ("gram", gram)] {
            try check(abs(x) <= Self.largestReal, name, "must be at most 3.4e38 (\(floats)), got \(x)")
        }
        try check(
            epsilon >= Double(Float.leastNormalMagnitude) && epsilon <= Self.largestReal, "epsilon",
            "must be in 1.2e-38...3.4e38 (\(floats)), got \(epsilon)")
        if let r = yRange {
            try check(
                abs(r.lowerBound) <= Self.largestOutputBound && abs(r.upperBound) <= Self.largestOutputBound,
                "y_range",
                "bounds must be at most 1e19 in size (squared errors are 32-bit floats), "
                    + "got [\(r.lowerBound), \(r.upperBound)]")
        }
        try check(embDim >= 1 && embDim <= 4096, "emb_dim", "must be in 1...4096, got \(embDim)")
        try check(priorStd >= 0, "prior_std", "must be ≥ 0, got \(priorStd)")
        try check(alpha > 0, "alpha", "must be > 0, got \(alpha)")
        try check(steps >= 1, "steps", "must be ≥ 1, got \(steps)")
        try check(ell2 >= 0, "ell_2", "must be ≥ 0, got \(ell2)")
        try check(gram >= 0, "gram", "must be ≥ 0, got \(gram)")
        try check(decayPct > 0 && decayPct <= 1, "decay_pct", "must be in (0, 1], got \(decayPct)")
        try check(periodLength > 0, "period_length", "must be > 0, got \(periodLength)")
        try check(numFolds >= 1, "num_folds", "must be ≥ 1, got \(numFolds)")
        try check(momentum >= 0 && momentum < 1, "momentum", "must be in [0, 1), got \(momentum)")
        try check(beta1 >= 0 && beta1 < 1, "beta1", "must be in [0, 1), got \(beta1)")
        try check(beta2 >= 0 && beta2 < 1, "beta2", "must be in [0, 1), got \(beta2)")
        try check(epsilon > 0, "epsilon", "must be > 0, got \(epsilon)")
        try check(pctStart > 0 && pctStart < 1, "pct_start", "must be in (0, 1), got \(pctStart)")
        try check(div >= 1 && div <= Self.largestReal, "div", "must be in 1...3.4e38, got \(div)")
        try check(divFinal >= 1 && divFinal <= Self.largestReal, "div_final", "must be in 1...3.4e38, got \(divFinal)")
        try check(
            batchSize >= 0 && batchSize <= 1 << 24, "batch_size",
            "must be in 0...16777216 (0 trains full-batch), got \(batchSize)")
        try check(epochs >= 1 && epochs <= 1_000_000, "epochs", "must be in 1...1000000, got \(epochs)")
        try check(wd >= 0 && wd <= Self.largestReal, "wd", "must be in 0...3.4e38, got \(wd)")
        try check(rho >= 0 && rho < 1, "rho", "must be in [0, 1), got \(rho)")
        try check(logBatches >= 0, "log_batches", "must be ≥ 0, got \(logBatches)")
        try check(ps >= 0 && ps < 1, "ps", "must be in [0, 1), got \(ps)")
        try check(embedP >= 0 && embedP < 1, "embed_p", "must be in [0, 1), got \(embedP)")
        try check(
            userEmbDim >= 0 && userEmbDim <= 4096, "user_emb_dim",
            "must be in 0...4096 (0: fastai's rule), got \(userEmbDim)")
        try check(
            itemEmbDim >= 0 && itemEmbDim <= 4096, "item_emb_dim",
            "must be in 0...4096 (0: fastai's rule), got \(itemEmbDim)")
    }

    /// Checks one parameter's value on its own (the defaults for every other): its range, not
    /// how it combines with the others (``validate()`` checks both).
    public static func check(_ name: String, _ value: ParameterValue) throws(HyperparameterError) {
        var h = Hyperparameters()
        try h.set(name, value)
        try h.validateRanges()
    }

    /// Checks how the settings combine: mini-batch training has no Gramian and no `gd`, and
    /// `embedding_nn` trains in mini-batches without an `ell_2` term.
    public func validateCombination() throws(HyperparameterError) {
        func check(_ ok: Bool, _ name: String, _ what: String) throws(HyperparameterError) {
            if !ok { throw HyperparameterError(name: name, message: what) }
        }
        try check(!layers.isEmpty || model == .dot, "layers", "embedding_nn needs at least one hidden layer")
        if isMiniBatch {
            try check(
                gram == 0, "gram",
                "mini-batch training (batch_size \(batchSize)) has no Gramian term: set gram to 0, got \(gram)")
            try check(optimizer != .gd, "optimizer", "mini-batch training uses sgd, momentum, rmsprop or adam, not gd")
        }
        if optimizer == .als {
            try check(
                !isMiniBatch, "batch_size",
                "optimizer als solves full-batch (one step is a pass over all users and items): set batch_size to 0")
            try check(model == .dot, "model", "optimizer als trains the dot model, not \(model.rawValue)")
            try check(
                yRange == nil, "y_range",
                "optimizer als needs a linear score (a sigmoid output range makes each row's problem non-quadratic): "
                    + "remove y_range")
            try check(wd == 0, "wd", "optimizer als regularises with ell_2 (and weighted_lambda), not wd: set wd to 0")
        }
        try check(
            !weightedLambda || optimizer == .als, "weighted_lambda",
            "weighted_lambda applies to optimizer als only")
        try check(
            model == .dot || isMiniBatch, "model",
            "embedding_nn trains in mini-batches: set batch_size (fastai's is 64)")
        try check(
            model == .dot || ell2 == 0, "ell_2",
            "embedding_nn has no ell_2 penalty (it regularises with wd): set ell_2 to 0, got \(ell2)")
    }

    /// The settings as book-named values (extensions only when they differ from the default).
    public var values: [String: ParameterValue] {
        var v: [String: ParameterValue] = [
            "emb_dim": .int(embDim), "prior_std": .double(priorStd), "alpha": .double(alpha),
            "steps": .int(steps), "ell_2": .double(ell2), "gram": .double(gram),
            "decay_pct": .double(decayPct), "period_length": .double(periodLength),
            "num_folds": .int(numFolds),
        ]
        if bias { v["bias"] = .bool(true) }
        if optimizer != .gd { v["optimizer"] = .string(optimizer.rawValue) }
        if optimizer == .momentum { v["momentum"] = .double(momentum) }
        if optimizer == .adam {
            v["beta1"] = .double(beta1)
            v["beta2"] = .double(beta2)
        }
        if optimizer.hasSecondMoment { v["epsilon"] = .double(epsilon) }
        if optimizer == .rmsprop { v["rho"] = .double(rho) }
        if wd != 0 { v["wd"] = .double(wd) }
        if weightedLambda { v["weighted_lambda"] = .bool(true) }
        if isMiniBatch {
            v["batch_size"] = .int(batchSize)
            v["epochs"] = .int(epochs)
            if sparse { v["sparse"] = .bool(true) }
            if logBatches > 0 { v["log_batches"] = .int(logBatches) }
        }
        if model == .embeddingNN {
            v["model"] = .string(model.rawValue)
            v["layers"] = .list(layers.map { .int($0) })
            if ps > 0 { v["ps"] = .double(ps) }
            if embedP > 0 { v["embed_p"] = .double(embedP) }
            if userEmbDim > 0 { v["user_emb_dim"] = .int(userEmbDim) }
            if itemEmbDim > 0 { v["item_emb_dim"] = .int(itemEmbDim) }
        }
        if let r = yRange { v["y_range"] = .list([.double(r.lowerBound), .double(r.upperBound)]) }
        if schedule != .step { v["schedule"] = .string(schedule.rawValue) }
        if schedule == .oneCycle {
            v["pct_start"] = .double(pctStart)
            v["div"] = .double(div)
            v["div_final"] = .double(divFinal)
        }
        return v
    }
}

/// A bad hyperparameter: which one and what was wrong.
public struct HyperparameterError: Error, Equatable, CustomStringConvertible {
    /// The parameter's book name.
    public var name: String
    /// What was wrong and what is accepted.
    public var message: String

    /// An error about parameter `name`.
    public init(name: String, message: String) {
        self.name = name
        self.message = message
    }

    /// `parameter NAME: MESSAGE`.
    public var description: String { "parameter \(name): \(message)" }
}

extension HyperparameterError: MFSweepError {
    /// The parameter.
    public var location: ErrorLocation? { .parameter(name) }
    /// A bad parameter is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}
