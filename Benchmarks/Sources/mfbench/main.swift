import Factorization
import Ratings
import Foundation

// scratch: parse u.data by hand
let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "../../shared/data/ml-100k/u.data"
let text = try! String(contentsOfFile: path, encoding: .utf8)
var table = RatingsTable()
for line in text.split(separator: "\n") {
    let f = line.split(separator: "\t")
    table.append(user: String(f[0]), item: String(f[1]), rating: Float(f[2])!, timestamp: Int64(f[3])!)
}
print(table.count, table.userCount, table.itemCount)
let tbl = table
func obs(_ idx: [Int]) -> ObservedRatings {
    let table = tbl
    return ObservedRatings(users: idx.map { table.users[$0] }, items: idx.map { table.items[$0] }, ratings: idx.map { table.ratings[$0] }, userCount: table.userCount, itemCount: table.itemCount)
}
var perm = Array(0..<table.count)
var rng = SeededGenerator(seed: 0)
rng.shuffle(&perm)
let nTest = table.count / 5
let fold = TrainingFold(train: obs(Array(perm[nTest...])), test: obs(Array(perm[..<nTest])))
var h = Hyperparameters()
let args = CommandLine.arguments.dropFirst(2)
for a in args { let kv = a.split(separator: "="); try! h.set(String(kv[0]), ParameterValue(parsing: String(kv[1]))) }
let threads = Int(ProcessInfo.processInfo.environment["THREADS"] ?? "2")!
if ProcessInfo.processInfo.environment["POOL"] != nil {
    let pool = WorkerPool(threads: threads)
    let tp = Date()
    for _ in 0..<10000 { pool.run(64) { _ in } }
    print("pool.run overhead us", Date().timeIntervalSince(tp) * 1e6 / 10000)
}
let t0 = Date()
let r = LockstepTrainer(hyperparameters: h, folds: [fold], seed: 0, threads: threads).run(logEvery: h.steps / 5) { log in
    print(log.step, log.folds[0].losses, log.folds[0].testOMSE)
}
let dt = Date().timeIntervalSince(t0)
print(r.folds, "ms/step", dt * 1000 / Double(h.steps))
