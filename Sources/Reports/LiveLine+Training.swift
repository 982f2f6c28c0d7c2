public import Factorization

extension LiveLine {
    /// The live line of `mfsweep train`:
    /// `step 400/2000  lr 2.5  train 0.7803  test 0.9166 (mean of 5)  ETA 12s`.
    ///
    /// As the width shrinks, `(mean of K)` goes first, then the learning rate, the train
    /// OMSE, the test OMSE, the ETA and the word `step`.
    public static func training(_ log: StepLog, elapsedSeconds: Double) -> LiveLine {
        let done = log.step + 1
        let train = log.folds.map(\.losses.omse).reduce(0, +) / Double(max(log.folds.count, 1))
        let remaining = elapsedSeconds / Double(done) * Double(log.steps - done)
        let test = "test \(NumberFormat.significant(log.testOMSEMean))"
        var testForms = [Form(test, rank: 40)]
        if log.folds.count > 1 { testForms.insert(Form(test + " (mean of \(log.folds.count))", rank: 10), at: 0) }
        return LiveLine([
            Field([Form("step \(done)/\(log.steps)", rank: 60), Form("\(done)/\(log.steps)", rank: keep)]),
            Field([Form("lr \(NumberFormat.significant(log.learningRate))", rank: 20)]),
            Field([Form("train \(NumberFormat.significant(train))", rank: 30)]),
            Field(testForms),
            Field([Form("ETA \(eta(remaining))", rank: 50)]),
        ])
    }

    /// `seconds` as `42s`, `3m05s` or `1h02m`; `?` when unknown.
    static func eta(_ seconds: Double) -> String {
        seconds.isFinite && seconds >= 0 && seconds < 1e9 ? SweepReport.duration(seconds) : "?"
    }

    /// The live line of `mfsweep promote`'s refit: `refit: step 40/150  train omse 0.1234`.
    ///
    /// As the width shrinks, the train OMSE goes first, then `refit: step`.
    public static func refit(step: Int, steps: Int, trainOMSE: Double) -> LiveLine {
        LiveLine([
            Field([Form("refit: step \(step)/\(steps)", rank: 20), Form("\(step)/\(steps)", rank: keep)]),
            Field([Form("train omse \(NumberFormat.significant(trainOMSE))", rank: 10)]),
        ])
    }
}
