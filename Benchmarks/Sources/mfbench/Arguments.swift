import Foundation

/// mfbench's command line.
struct Arguments {
    var mode = "steps"
    var data = "../../shared/data/ml-100k/u.data"
    var dims = [10, 32, 64, 128]
    var steps = 200
    var repeats = 5
    var threads = 2
    var folds = 5
    var json = false
    // samplers
    var seeds = Array(UInt64(0)...19)
    var trials = 50
    var methods = ["random", "gaussian", "bayes"]
    var functions = ["branin", "hartmann6", "rosenbrock4", "levy4"]
    var jobs = 1
    // report
    var runs = 1000
    var loggedSteps = 200
    var store = "/tmp/mfbench-report.sqlite"
    // collab
    var split: String?
    var model = "dot"
    var wd = 0.1
    var epochs = 5
    var batchSize = 64
    var lr: Double?
    var seed: UInt64 = 0
    // claims
    var agentCounts = [1, 4, 16]
    var history = 300
    var claimsPerAgent = 20
    var inLock = false
    var postgres: String?
    // load
    var cache: String?
    // als
    var train: String?
    var test: String?
    var reg = 0.05
    var iterations = [1, 3, 5]
    // scale
    var method = "als"
    // dashboard
    var mfsweep: String?
    var clients = 16
    var seconds = 10
    var phases = 7
    var paceMilliseconds = 20
    var url: String?

    static let usage = """
        usage: mfbench [steps|cv] [--data FILE] [--dims 10,32,64,128] [--steps N] [--repeats N] [--threads N] [--folds K] [--json]
               mfbench samplers [--seeds 0-19] [--trials 50] [--methods random,gaussian,bayes]
                                [--functions branin,hartmann6,rosenbrock4,levy4] [--jobs 1] [--json]
               mfbench report [--runs 1000] [--folds 5] [--logged-steps 200] [--repeats 5]
                              [--store /tmp/mfbench-report.sqlite]
               mfbench collab --split FILE [--data FILE] [--model dot|embedding_nn] [--wd 0.1] [--epochs 5]
                              [--batch-size 64] [--lr 5e-3] [--seed 0] [--threads 1] [--json]
               mfbench claims [--agents 1,4,16] [--history 300] [--claims 20] [--in-lock]
                              [--postgres postgres://USER@HOST:PORT/DB]
               mfbench load --data FILE [--cache DIR] [--repeats 5] [--json]
               mfbench als --train TRAIN --test TEST [--dims 64] [--reg 0.05] [--iters 1,3,5] [--threads 2]
               mfbench scale --train TRAIN --test TEST --method adam|minibatch|als [--dims 64] [--steps N]
                             [--epochs 5] [--batch-size 1024] [--lr L] [--reg 0.05] [--wd 0.1] [--repeats 5]
               mfbench dashboard [--store FILE] [--runs 1000] [--folds 5] [--logged-steps 20] [--repeats 5]
                                 [--mfsweep PATH --clients 16 --seconds 10 --phases 7 --pace 20]
               mfbench dashboard-clients --url http://127.0.0.1:PORT [--clients 16] [--seconds 10]
        """

    init(_ argv: [String]) {
        var it = argv.dropFirst().makeIterator()
        if let first = argv.dropFirst().first, !first.hasPrefix("-") {
            mode = first
            _ = it.next()
        }
        if mode == "report" { folds = 5 }
        if mode == "collab" { threads = 1 }
        if mode == "als" || mode == "scale" { dims = [64] }
        if mode == "scale" {
            batchSize = 1024
            steps = 60
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
            func list() -> [String] { value().split(separator: ",").map(String.init) }
            func positiveInt() -> Int {
                guard let n = Int(value()), n > 0 else { fail("\(a) needs a positive integer") }
                return n
            }
            switch a {
            case "--data": data = value()
            case "--dims", "--emb-dim": dims = value().split(separator: ",").compactMap { Int($0) }
            case "--steps": steps = Int(value()) ?? steps
            case "--repeats": repeats = Int(value()) ?? repeats
            case "--threads": threads = Int(value()) ?? threads
            case "--folds": folds = Int(value()) ?? folds
            case "--json": json = true
            case "--seeds": seeds = Self.seeds(value())
            case "--trials": trials = positiveInt()
            case "--runs": runs = Int(value()) ?? runs
            case "--logged-steps": loggedSteps = Int(value()) ?? loggedSteps
            case "--store": store = value()
            case "--split": split = value()
            case "--model": model = value()
            case "--method": method = value()
            case "--mfsweep": mfsweep = value()
            case "--clients": clients = positiveInt()
            case "--seconds": seconds = positiveInt()
            case "--phases": phases = positiveInt()
            case "--pace":
                guard let p = Int(value()), p >= 0 else { fail("--pace needs milliseconds ≥ 0") }
                paceMilliseconds = p
            case "--url": url = value()
            case "--wd":
                guard let w = Double(value()), w >= 0 else { fail("--wd needs a number ≥ 0") }
                wd = w
            case "--epochs": epochs = positiveInt()
            case "--batch-size": batchSize = positiveInt()
            case "--lr":
                guard let l = Double(value()), l > 0 else { fail("--lr needs a number > 0") }
                lr = l
            case "--seed":
                guard let s = UInt64(value()) else { fail("--seed needs a non-negative integer") }
                seed = s
            case "--agents": agentCounts = list().compactMap { Int($0) }.filter { $0 > 0 }
            case "--postgres": postgres = value()
            case "--cache": cache = value()
            case "--train": train = value()
            case "--test": test = value()
            case "--reg":
                guard let r = Double(value()), r >= 0 else { fail("--reg needs a number ≥ 0") }
                reg = r
            case "--iters": iterations = list().compactMap { Int($0) }.filter { $0 > 0 }.sorted()
            case "--history": history = positiveInt()
            case "--claims": claimsPerAgent = positiveInt()
            case "--in-lock": inLock = true
            case "--methods": methods = list()
            case "--functions": functions = list()
            case "--jobs": jobs = positiveInt()
            case "-h", "--help":
                print(Self.usage)
                exit(0)
            default: fail("unknown argument \(a)")
            }
        }
    }

    /// `0-19`, `3` or `0,4,7-9`.
    static func seeds(_ text: String) -> [UInt64] {
        var out: [UInt64] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", maxSplits: 1).map { UInt64($0) }
            switch bounds.count {
            case 1 where bounds[0] != nil: out.append(bounds[0]!)
            case 2 where bounds[0] != nil && bounds[1] != nil && bounds[0]! <= bounds[1]!:
                out += Array(bounds[0]!...bounds[1]!)
            default: fail("--seeds takes numbers and ranges such as 0-19 or 0,3,5-7; got \(text)")
            }
        }
        return out
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
