/// How a run measures generalisation: a random holdout, k-fold cross-validation, or the book's
/// prequential (per-user last-in-time) holdout.
public enum Validation: Sendable, Equatable, CustomStringConvertible {
    /// A seeded random fraction of the ratings is held out.
    case holdout(Double)
    /// k folds; every rating is tested exactly once.
    case kFold(Int)
    /// Each user's most recent fraction of ratings is held out.
    case prequential(Double)

    /// The validation a run uses when the command line names none: k-fold when the config's
    /// `num_folds` is above 1, else the book's 80/20 holdout.
    public static func defaultFor(_ h: Hyperparameters) -> Validation {
        h.numFolds > 1 ? .kFold(h.numFolds) : .holdout(0.2)
    }

    /// Number of folds trained.
    public var foldCount: Int {
        if case .kFold(let k) = self { return k }
        return 1
    }

    /// `holdout 0.2`, `5-fold`, `prequential 0.1`.
    public var description: String {
        switch self {
        case .holdout(let f): "holdout \(f)"
        case .kFold(let k): "\(k)-fold"
        case .prequential(let f): "prequential \(f)"
        }
    }
}
