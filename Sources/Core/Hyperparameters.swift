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
    /// Weight of the L2 term Σ‖U_i‖²/N + Σ‖V_j‖²/M.
    public var ell2 = 1.0
    /// Weight of the Gramian term Σ(UᵀU ∘ VᵀV)/(N·M).
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
        /// Heavy-ball momentum: m ← μ·m + g; p ← p − lr·m.
        case momentum
        /// Adam with bias correction (Kingma & Ba, 2015).
        case adam
    }

    /// The book's defaults.
    public init() {}

    /// Every parameter name the trainer understands, in the book's order.
    public static let names = [
        "emb_dim", "prior_std", "alpha", "steps", "ell_2", "gram", "decay_pct", "period_length",
        "num_folds", "bias", "optimizer", "momentum", "beta1", "beta2", "epsilon", "y_range", "schedule",
        "pct_start", "div", "div_final",
    ]

    /// The defaults with the named values applied. Throws a ``HyperparameterError`` naming the
    /// first unknown name or bad value.
    public init(_ values: [String: ParameterValue]) throws(HyperparameterError) {
        self.init()
        for name in values.keys.sorted() {
            try set(name, values[name]!)
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
        case "schedule":
            guard case .string(let text) = value, let parsed = Schedule(rawValue: text) else {
                throw HyperparameterError(
                    name: name, message: "expected one of step, one_cycle, constant, got \(value)")
            }
            schedule = parsed
        case "bias":
            switch value {
            case .bool(let b): bias = b
            case .int(0): bias = false
            case .int(1): bias = true
            default:
                throw HyperparameterError(name: name, message: "expected true or false, got \(value)")
            }
        case "optimizer":
            guard case .string(let s) = value, let o = Optimizer(rawValue: s) else {
                throw HyperparameterError(
                    name: name, message: "expected one of gd, momentum, adam, got \(value)")
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
            v["epsilon"] = .double(epsilon)
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
