import Core
import Factorization
import Foundation
import Ratings

/// `mfbench scale --train TRAIN --test TEST --method adam|minibatch|als`: one training method on
/// a split written out for Spark too (see ``loadSplit(_:_:)``), at `--dims` (64):
///
/// - `adam`: full-batch Adam (alpha `--lr`, default 0.05), biases, the book's L2 and Gramian
///   terms (ell_2 = gram = 1), `--steps` steps;
/// - `minibatch`: fastai's DotProductBias (Adam with one-cycle, `--lr` 5e-3, wd `--wd`),
///   `--epochs` epochs of `--batch-size` ratings, with sparse updates (only the batch's rows
///   step, as `torch.optim.SparseAdam`: a dense step costs O((N+M)·d) per batch, 68 s per epoch
///   on the 10M set against 0.4 s on the 1M one);
/// - `als`: Spark's model (no biases, frequency-weighted λ = `--reg`, no Gramian), `--steps`
///   passes.
///
/// It prints the steady-state time per step (full-batch and `als`: the median over `--repeats`
/// unlogged steps after the first; `minibatch`: per epoch, from a logged run, so it includes
/// each epoch's test evaluation), the train ratings × emb_dim per second that gives, then a
/// second run logged at every step (epoch): each step's wall time since training began (test
/// evaluations included) and test RMSE, the best test RMSE and when the run first came within
/// 1% of it, and the process's peak memory. Run one method per process for a per-method peak.
func benchmarkScale(_ args: Arguments) throws {
    guard let trainPath = args.train, let testPath = args.test else { fail("scale needs --train and --test") }
    let method = args.method
    guard ["adam", "minibatch", "als"].contains(method) else { fail("--method: adam, minibatch or als") }
    let clock = ContinuousClock()
    let (fold, trainCount, kept, _) = try loadSplit(trainPath, testPath)
    let d = args.dims[0]
    var h = Hyperparameters()
    h.embDim = d
    switch method {
    case "adam":
        h.optimizer = .adam
        h.alpha = args.lr ?? 0.05
        h.bias = true
        h.steps = args.steps
    case "minibatch":
        h.optimizer = .adam
        h.schedule = .oneCycle
        h.alpha = args.lr ?? 5e-3
        h.wd = args.wd
        h.ell2 = 0
        h.gram = 0
        h.bias = true
        h.batchSize = args.batchSize
        h.sparse = true
        h.epochs = args.epochs
    default:
        h.optimizer = .als
        h.bias = false
        h.weightedLambda = true
        h.ell2 = args.reg
        h.gram = 0
        h.steps = args.steps
    }
    let ratingsDims = Double(trainCount * d)
    let batches = method == "minibatch" ? (trainCount + args.batchSize - 1) / args.batchSize : 1

    // Steady-state step time (full-batch and als): unlogged steps, the first left out.
    var stepMs = Double.nan
    if method != "minibatch" {
        var timing = h
        timing.steps = args.repeats + 1
        var stamps: [ContinuousClock.Instant] = [clock.now]
        _ = LockstepTrainer(hyperparameters: timing, folds: [fold], seed: 0, threads: args.threads)
            .run(shouldStop: {
                stamps.append(clock.now)
                return false
            })
        let gaps = (2..<stamps.count).map { seconds(stamps[$0 - 1].duration(to: stamps[$0])) * 1000 }
        stepMs = median(gaps)
    }

    // The logged run: test RMSE after every step (epoch).
    var trajectory: [(step: Int, wall: Double, rmse: Double)] = []
    let start = clock.now
    _ = LockstepTrainer(hyperparameters: h, folds: [fold], seed: 0, threads: args.threads).run(
        logEvery: 1,
        onLog: { log in
            trajectory.append((log.step, seconds(start.duration(to: clock.now)), log.testOMSEMean.squareRoot()))
        })
    if method == "minibatch" {
        let walls = [0] + trajectory.map(\.wall)
        stepMs = median((1..<walls.count).map { (walls[$0] - walls[$0 - 1]) * 1000 })
    }
    for t in trajectory {
        print(
            String(
                format: "mfbench-scale-log method=%@ step=%d wall_s=%.3f test_rmse=%.5f", method, t.step, t.wall, t.rmse
            ))
    }
    let best = trajectory.map(\.rmse).filter(\.isFinite).min() ?? .nan
    let reached = trajectory.first { $0.rmse <= best * 1.01 }
    print(
        String(
            format:
                "mfbench-scale method=%@ train=%d test=%d d=%d threads=%d %@=%.2f batch_ms=%.4f ratings_dims_per_s=%.3g best_test_rmse=%.5f steps_to_1pct=%d time_to_1pct_s=%.2f peak_rss_mb=%.0f",
            method, trainCount, kept, d, args.threads, method == "minibatch" ? "ms_per_epoch" : "ms_per_step", stepMs,
            stepMs / Double(batches), ratingsDims / (stepMs / 1000), best, (reached?.step ?? -2) + 1,
            reached?.wall ?? .nan,
            peakRSSMegabytes()))
}
