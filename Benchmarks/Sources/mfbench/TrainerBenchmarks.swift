import Core
import Factorization
import Foundation
import Ratings

/// The book's settings (run (a) of the engine issue) at embedding size `d`.
func settings(embDim d: Int, steps: Int) -> Hyperparameters {
    var h = Hyperparameters()
    h.embDim = d
    h.steps = steps
    return h
}

/// FLOPs of one step as the issue counts them: 6·|Ω|·d for the sparse part and 4·(N+M)·d² for
/// the two Gramians and the two Gramian-gradient products.
func flopsPerStep(ratings: Int, users: Int, items: Int, d: Int) -> Double {
    6 * Double(ratings * d) + 4 * Double((users + items) * d * d)
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func loadTable(_ args: Arguments) -> RatingsTable {
    do {
        return try RatingsLoader.load(path: args.data).table
    } catch {
        fail("\(error)")
    }
}

/// `mfbench steps`: ms per full-batch step on an 80/20 holdout at several embedding sizes.
func benchmarkSteps(_ args: Arguments) throws {
    let table = loadTable(args)
    let clock = ContinuousClock()
    let fold = try Validation.holdout(0.2).folds(of: table, seed: 0)
    var rows: [[String: Double]] = []
    if !args.json {
        print(
            "mfbench steps: \(args.data), 80/20 holdout, \(args.steps) steps, \(args.threads) threads, median of \(args.repeats)"
        )
        print("emb_dim  ms/step (median)  min      max      MFLOP/step  GFLOP/s")
    }
    for d in args.dims {
        var times: [Double] = []
        for _ in 0..<args.repeats {
            let trainer = LockstepTrainer(
                hyperparameters: settings(embDim: d, steps: args.steps), folds: fold, seed: 0,
                threads: args.threads)
            let start = clock.now
            _ = trainer.run()
            times.append(seconds(start.duration(to: clock.now)) * 1000 / Double(args.steps))
        }
        let flops = flopsPerStep(
            ratings: fold[0].trainCount, users: table.userCount, items: table.itemCount, d: d)
        let m = median(times)
        rows.append([
            "emb_dim": Double(d), "ms_per_step": m, "min": times.min()!, "max": times.max()!,
            "mflop_per_step": flops / 1e6, "gflops": flops / (m / 1000) / 1e9,
        ])
        if !args.json {
            func f(_ x: Double, _ w: Int) -> String { String(format: "%\(w).3f", x) }
            print(
                String(format: "%7d", d) + "  " + f(m, 16) + "  " + f(times.min()!, 7) + "  "
                    + f(times.max()!, 7) + "  " + String(format: "%10.1f", flops / 1e6) + "  "
                    + String(format: "%7.1f", flops / (m / 1000) / 1e9))
        }
    }
    if args.json {
        let out = try JSONSerialization.data(
            withJSONObject: ["threads": args.threads, "steps": args.steps, "repeats": args.repeats, "rows": rows],
            options: [.sortedKeys])
        print(String(decoding: out, as: UTF8.self))
    }
}

/// `mfbench cv`: wall time of a whole k-fold trial.
func benchmarkCV(_ args: Arguments) throws {
    let table = loadTable(args)
    let clock = ContinuousClock()
    for d in args.dims {
        var h = settings(embDim: d, steps: args.steps)
        h.numFolds = args.folds
        var walls: [Double] = []
        var mean: Double?
        for _ in 0..<args.repeats {
            let session = TrainingSession(
                table: table, hyperparameters: h, validation: .kFold(args.folds), seed: 0,
                threads: args.threads)
            let start = clock.now
            let outcome = try session.run()
            walls.append(seconds(start.duration(to: clock.now)))
            mean = outcome.result.testOMSEMean
        }
        print(
            "mfbench cv: emb_dim \(d), \(args.folds) folds × \(args.steps) steps, \(args.threads) threads: "
                + String(
                    format: "%.2f s wall (median of %d), Test omse_mean %.4f", median(walls), walls.count, mean ?? .nan)
        )
    }
}
