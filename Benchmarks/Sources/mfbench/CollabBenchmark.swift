import Core
import Factorization
import Foundation
import Ratings

/// fastai's chapter-8 settings for `mfbench collab`: `fit_one_cycle(epochs, lr, wd)` with Adam
/// (β2 0.99, ε 1e-5), batches of `batchSize`, y_range (0, 5.5), no ell_2 or Gramian term,
/// embeddings from Normal(0, 0.01), dense updates as PyTorch's; `dot` is DotProductBias with 50
/// factors, `embedding_nn` fastai's EmbeddingNN with hidden layers [100, 50].
func collabSettings(_ args: Arguments) -> Hyperparameters {
    var values: [String: ParameterValue] = [
        "batch_size": .int(args.batchSize), "epochs": .int(args.epochs), "optimizer": .string("adam"),
        "beta2": .double(0.99), "epsilon": .double(1e-5), "schedule": .string("one_cycle"),
        "alpha": .double(args.lr ?? 5e-3), "wd": .double(args.wd), "y_range": .list([.double(0), .double(5.5)]),
        "ell_2": .double(0), "gram": .double(0), "prior_std": .double(0.01), "sparse": .bool(false),
    ]
    switch args.model {
    case "dot":
        values["bias"] = .bool(true)
        values["emb_dim"] = .int(50)
    case "embedding_nn":
        values["model"] = .string("embedding_nn")
        values["layers"] = .list([.int(100), .int(50)])
    default: fail("--model takes dot or embedding_nn, got \(args.model)")
    }
    do {
        return try Hyperparameters(values)
    } catch {
        fail("\(error)")
    }
}

/// The 0-based rows of the data file listed in `path`, one a line (`torch_collab.py --split-out`).
func readSplit(_ path: String, rowCount: Int) -> [Int] {
    let text: String
    do {
        text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        fail("cannot read the split \(path): \(error.localizedDescription)")
    }
    return text.split(whereSeparator: \.isNewline).map { line in
        guard let row = Int(line.trimmingCharacters(in: .whitespaces)), row >= 0, row < rowCount else {
            fail("\(path): \(line) is not a row of the data (0..<\(rowCount))")
        }
        return row
    }
}

/// One `mfbench collab` run: what the peer's JSON holds.
struct CollabRun {
    var msPerEpoch: [Double] = []
    var trainMSE: [Double] = []
    var validMSE: [Double] = []
    var steps: [Int] = []
    /// Time from the last epoch's log to the end of `run()`: the trainer's final evaluation of
    /// the training and the test ratings.
    var tailMS = 0.0

    /// The share of ``tailMS`` spent on the test ratings (the tail scaled by test / all
    /// ratings): about what each epoch's evaluation of the holdout adds to its time.
    func evaluationMS(trainCount: Int, testCount: Int) -> Double {
        tailMS * Double(testCount) / Double(max(1, trainCount + testCount))
    }
}

/// `mfbench collab`: fastai's collaborative-filtering runs (DotProductBias or EmbeddingNN,
/// one-cycle Adam, mini-batches) on a holdout given by a split file, timed per epoch, in the shape
/// of `peers/torch_collab.py`'s output so compare-with-torch.sh can set them side by side.
///
/// The trainer logs once per epoch, after evaluating the test fold, so an epoch's time (between
/// consecutive logs; the first from just before `run()`) includes that evaluation and, for the
/// first, the trainer's set-up. The evaluation is not timed apart; `eval_ms` estimates it from
/// the trainer's final evaluation of both sets (see ``CollabRun/evaluationMS(trainCount:testCount:)``).
func benchmarkCollab(_ args: Arguments) throws {
    guard let splitPath = args.split else { fail("collab needs --split FILE (torch_collab.py --split-out)") }
    let table = loadTable(args)
    var testFolds = [UInt32](repeating: 1, count: table.count)
    for row in readSplit(splitPath, rowCount: table.count) { testFolds[row] = 0 }
    let folds = ObservedRatings(table, testFolds: testFolds, foldCount: 1).folds
    let h = collabSettings(args)
    let trainer = LockstepTrainer(hyperparameters: h, folds: folds, seed: args.seed, threads: args.threads)

    let clock = ContinuousClock()
    var run = CollabRun()
    var last = clock.now
    let result = trainer.run(
        logEvery: 0,
        onLog: { log in
            let now = clock.now
            run.msPerEpoch.append(seconds(last.duration(to: now)) * 1000)
            last = now
            run.steps.append(log.step)
            if let f = log.folds.first {
                run.trainMSE.append(f.losses.omse)
                run.validMSE.append(f.testOMSE)
            }
        })
    run.tailMS = seconds(last.duration(to: clock.now)) * 1000
    if let diverged = result.folds.first?.diverged { fail("training \(diverged)") }
    guard !run.msPerEpoch.isEmpty else { fail("the trainer logged no epoch") }

    let name = args.model == "dot" ? "dpb" : "enn"
    let evalMS = run.evaluationMS(trainCount: folds[0].trainCount, testCount: folds[0].testCount)
    if args.json {
        let out: [String: Any] = [
            "model": name, "wd": args.wd, "ms_per_epoch": run.msPerEpoch, "median_ms": median(run.msPerEpoch),
            "train_loss": run.trainMSE, "valid_mse": run.validMSE, "steps": run.steps, "epochs": args.epochs,
            "bs": args.batchSize, "lr": args.lr ?? 5e-3, "threads": args.threads, "tail_ms": run.tailMS,
            "eval_ms": evalMS,
            "final_valid_mse": result.folds.first?.testOMSE ?? Double.nan,
            "evaluation_in_epoch_time": true,
        ]
        let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        return
    }
    print(
        "mfbench collab: \(args.data), split \(splitPath) (\(folds[0].testCount) held out), \(args.model), "
            + "wd \(args.wd), \(args.epochs) epochs of batches of \(args.batchSize), \(args.threads) thread(s)")
    for (e, ms) in run.msPerEpoch.enumerated() {
        let train = e < run.trainMSE.count ? run.trainMSE[e] : .nan
        let valid = e < run.validMSE.count ? run.validMSE[e] : .nan
        print(
            String(
                format: "epoch %d: %8.1f ms  train_mse %.4f  valid_mse %.4f  (step %d)", e, ms, train, valid,
                e < run.steps.count ? run.steps[e] : -1))
    }
    print(
        String(
            format: "%.0f ms/epoch (median, evaluation of the holdout included: about %.1f ms), final valid MSE %.4f",
            median(run.msPerEpoch), evalMS, run.validMSE.last ?? .nan))
}
