public import Factorization
/// The one-line live progress `mfsweep train` redraws on a terminal.
public enum ProgressLine {
    /// `step 400/2000  lr 2.5  train 0.7803  test 0.9166 (mean of 5)  ETA 12s`.
    public static func render(_ log: StepLog, elapsedSeconds: Double) -> String {
        let done = log.step + 1
        let train = log.folds.map(\.losses.omse).reduce(0, +) / Double(max(log.folds.count, 1))
        let eta = elapsedSeconds / Double(done) * Double(log.steps - done)
        var line = "step \(done)/\(log.steps)  lr \(DecimalFormat.fixed(log.learningRate, 4))"
        line += "  train \(DecimalFormat.fixed(train, 4))  test \(DecimalFormat.fixed(log.testOMSEMean, 4))"
        if log.folds.count > 1 { line += " (mean of \(log.folds.count))" }
        line += "  ETA \(DecimalFormat.duration(eta))"
        return line
    }
}
