// mfbench — release-build speed benchmarks for the mfsweep trainer.
//
//   swift run -c release mfbench steps --data ../../shared/data/ml-100k/u.data
//   swift run -c release mfbench cv    --data ../../shared/data/ml-100k/u.data
//
// `steps`: ms per full-batch step on an 80/20 holdout at several embedding sizes (median of
// repeats), with the book's FLOP count per step. `cv`: wall time of a whole k-fold trial.
// Add `--json` for machine-readable output (used by compare-with-jax.sh).
import Factorization
import Foundation
import Ratings

struct Arguments {
    var mode = "steps"
    var data = "../../shared/data/ml-100k/u.data"
    var dims = [10, 32, 64, 128]
    var steps = 200
    var repeats = 5
    var threads = 2
    var folds = 5
    var json = false

    init(_ argv: [String]) {
        var it = argv.dropFirst().makeIterator()
        if let first = argv.dropFirst().first, !first.hasPrefix("-") {
            mode = first
            _ = it.next()
        }
        if mode == "cv" {
            dims = [64]
            steps = 2000
            repeats = 1
        }
        while let a = it.next() {
            func value() -> String {
                guard let v = it.next() else { fail("\(a) needs a value") }
                return v
            }
            switch a {
            case "--data": data = value()
            case "--dims", "--emb-dim": dims = value().split(separator: ",").compactMap { Int($0) }
            case "--steps": steps = Int(value()) ?? steps
            case "--repeats": repeats = Int(value()) ?? repeats
            case "--threads": threads = Int(value()) ?? threads
            case "--folds": folds = Int(value()) ?? folds
            case "--json": json = true
            case "-h", "--help":
                print("usage: mfbench [steps|cv] [--data FILE] [--dims 10,32,64,128] [--steps N] [--repeats N] [--threads N] [--folds K] [--json]")
                exit(0)
            default: fail("unknown argument \(a)")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("mfbench: \(message)\n".utf8))
    exit(64)
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

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

let args = Arguments(CommandLine.arguments)
let loaded: LoadedRatings
do {
    loaded = try RatingsLoader.load(path: args.data)
} catch {
    fail("\(error)")
}
let table = loaded.table
let clock = ContinuousClock()
func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

switch args.mode {
case "steps":
    let fold = try Validation.holdout(0.2).folds(of: table, seed: 0)
    var rows: [[String: Double]] = []
    if !args.json {
        print("mfbench steps: \(args.data), 80/20 holdout, \(args.steps) steps, \(args.threads) threads, median of \(args.repeats)")
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
            ratings: fold[0].train.count, users: table.userCount, items: table.itemCount, d: d)
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
case "cv":
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
                + String(format: "%.2f s wall (median of %d), Test omse_mean %.4f", median(walls), walls.count, mean ?? .nan))
    }
default:
    fail("unknown mode \(args.mode); use steps or cv")
}
