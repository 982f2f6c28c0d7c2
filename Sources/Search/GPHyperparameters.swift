import Core

/// The hyperparameters of ``GaussianProcess``, in the unconstrained coordinates they are fitted
/// in: log lengthscales (one per axis), the log signal variance, the raw noise (the noise
/// variance is ``minimumNoise`` + e^raw) and the constant mean.
struct GPHyperparameters: Sendable, Equatable {
    /// The noise variance never goes below this (of the standardised values), which keeps the
    /// kernel matrix well conditioned and the fit away from interpolating noise (Optuna's
    /// `DEFAULT_MINIMUM_NOISE_VAR`).
    static let minimumNoise = 1e-6

    /// log ℓⱼ per axis.
    var logLengthscales: [Double]
    /// log σf².
    var logSignalVariance: Double
    /// log(σn² − minimumNoise).
    var rawNoise: Double
    /// The constant prior mean m.
    var mean: Double

    /// Hyperparameters with lengthscale `lengthscale` on every one of `dimension` axes.
    init(dimension: Int, lengthscale: Double, signalVariance: Double, noise: Double, mean: Double = 0) {
        logLengthscales = Array(repeating: LibM.log(lengthscale), count: dimension)
        logSignalVariance = LibM.log(signalVariance)
        rawNoise = LibM.log(max(noise - Self.minimumNoise, 1e-12))
        self.mean = mean
    }

    /// Hyperparameters from their ``vector`` form.
    init(vector: [Double]) {
        let d = vector.count - 3
        logLengthscales = Array(vector[0..<d])
        logSignalVariance = vector[d]
        rawNoise = vector[d + 1]
        mean = vector[d + 2]
    }

    /// (log ℓ₁, …, log ℓ_d, log σf², raw noise, m).
    var vector: [Double] { logLengthscales + [logSignalVariance, rawNoise, mean] }

    /// ℓⱼ.
    var lengthscales: [Double] { logLengthscales.map(LibM.exp) }
    /// 1/ℓⱼ², the weights of the squared distance.
    var inverseSquaredLengthscales: [Double] { logLengthscales.map { LibM.exp(-2 * $0) } }
    /// σf².
    var signalVariance: Double { LibM.exp(logSignalVariance) }
    /// σn².
    var noiseVariance: Double { Self.minimumNoise + LibM.exp(rawNoise) }

    /// The box the fit searches, in ``vector`` form: lengthscales in [1e-3, 1e3], σf² in
    /// [1e-3, 1e3], σn² up to about 10, the mean within ±10 standard deviations.
    static func bounds(dimension: Int) -> (lower: [Double], upper: [Double]) {
        let lower = Array(repeating: LibM.log(1e-3), count: dimension) + [LibM.log(1e-3), LibM.log(1e-9), -10]
        let upper = Array(repeating: LibM.log(1e3), count: dimension) + [LibM.log(1e3), LibM.log(10), 10]
        return (lower, upper)
    }
}
