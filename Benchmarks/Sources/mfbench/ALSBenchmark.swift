import Core
import Factorization
import Foundation
import Ratings

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `mfbench als --train TRAIN --test TEST --dims 64 --reg 0.05 --iters 1,3,5`: `optimizer: als`
/// on a split written out for Spark ALS too (`peers/spark_als.py TRAIN TEST`), configured as
/// Spark's model (no biases, no global mean, frequency-weighted λ = reg, no Gramian). Like the
/// peer it fits from scratch for each iteration count, and prints fit seconds, test RMSE,
/// the marginal seconds per iteration and the process's peak memory.
func benchmarkALS(_ args: Arguments) throws {
    guard let trainPath = args.train, let testPath = args.test else { fail("als needs --train and --test") }
    let clock = ContinuousClock()
    let start = clock.now
    let (fold, trainCount, kept, testCount) = try loadSplit(trainPath, testPath)
    let load = seconds(start.duration(to: clock.now))
    print(
        "mfbench als: train \(trainCount), test \(kept) of \(testCount), emb_dim \(args.dims[0]), reg \(args.reg), "
            + "\(args.threads) threads, load \(String(format: "%.1f", load)) s")
    var fits: [(iters: Int, seconds: Double, rmse: Double)] = []
    for iters in args.iterations {
        var h = Hyperparameters()
        h.optimizer = .als
        h.embDim = args.dims[0]
        h.bias = false
        h.weightedLambda = true
        h.ell2 = args.reg
        h.gram = 0
        h.steps = iters
        let fitStart = clock.now
        let result = LockstepTrainer(hyperparameters: h, folds: [fold], seed: 0, threads: args.threads).run()
        let wall = seconds(fitStart.duration(to: clock.now))
        let rmse = (result.folds[0].testOMSE ?? .nan).squareRoot()
        fits.append((iters, wall, rmse))
        print(
            String(
                format: "mfsweep-als iters=%d fit_s=%.2f s_per_iter=%.3f test_rmse=%.4f", iters, wall,
                wall / Double(iters), rmse))
    }
    if let first = fits.first, let last = fits.last, last.iters > first.iters {
        let marginal = (last.seconds - first.seconds) / Double(last.iters - first.iters)
        print(
            String(
                format: "mfsweep-als summary marginal_s_per_iter=%.3f peak_rss_mb=%.0f", marginal,
                peakRSSMegabytes()))
    }
}

/// One fold from a split written out for a peer: TRAIN's rows, then TEST's rows whose user and
/// item TRAIN has (Spark's coldStartStrategy "drop"), tested by the fold. Both files are CSVs
/// with the header `user,item,rating`.
func loadSplit(_ trainPath: String, _ testPath: String) throws -> (
    fold: TrainingFold, trainCount: Int, kept: Int, testCount: Int
) {
    let format = RatingsFormat.csv(
        DelimitedOptions(user: .name("user"), item: .name("item"), rating: .name("rating"), timestamp: nil))
    let train = try RatingsLoader.load(path: trainPath, format: format).table
    let test = try RatingsLoader.load(path: testPath, format: format).table
    var table = train
    var kept = 0
    for row in 0..<test.count {
        guard let u = train.userIDs.index(of: test.userIDs.rawID(at: test.users[row])),
            let i = train.itemIDs.index(of: test.itemIDs.rawID(at: test.items[row]))
        else { continue }
        table.users.append(u)
        table.items.append(i)
        table.ratings.append(test.ratings[row])
        table.timestamps.append(0)
        kept += 1
    }
    let testFolds = [UInt32](repeating: 1, count: train.count) + [UInt32](repeating: 0, count: kept)
    return (ObservedRatings(table, testFolds: testFolds, foldCount: 1).fold(0), train.count, kept, test.count)
}

/// The process's peak resident set in MB.
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_maxrss) / 1024
}
