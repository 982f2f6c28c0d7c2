// mfbench — release-build benchmarks for mfsweep.
//
//   swift run -c release mfbench steps --data ../../shared/data/ml-100k/u.data
//   swift run -c release mfbench cv    --data ../../shared/data/ml-100k/u.data
//   swift run -c release mfbench samplers --seeds 0-19 --trials 50
//   swift run -c release mfbench report --runs 1000 --folds 5 --logged-steps 200
//   swift run -c release mfbench collab --split /tmp/split.txt --model dot --wd 0.1
//   swift run -c release mfbench claims --agents 1,4,16 --history 300 --claims 20 [--in-lock]
//   swift run -c release mfbench load --data ratings.csv [--cache DIR]
//   swift run -c release mfbench als --train train.csv --test test.csv --dims 64 --reg 0.05
//   swift run -c release mfbench dashboard --store /tmp/dash.sqlite --runs 1000 --folds 5 --logged-steps 20 \
//       [--mfsweep ../.build/release/mfsweep --clients 16 --seconds 10 --phases 7 --pace 20]
//
// `steps`: ms per full-batch step on an 80/20 holdout at several embedding sizes (median of
// repeats), with the book's FLOP count per step. `cv`: wall time of a whole k-fold trial.
// `samplers`: simple regret of the sweep methods on standard test functions and their CPU time
// per trial (see SamplerBenchmark.swift). `report`: time to read a sweep of many runs from the
// store and render its text and HTML reports (see ReportBenchmark.swift). `collab`: fastai's
// collaborative-filtering runs (DotProductBias or EmbeddingNN, one-cycle Adam in mini-batches)
// on a holdout from a split file, ms per epoch and per-epoch train and valid MSE (see
// CollabBenchmark.swift; compare-with-torch.sh sets it beside peers/torch_collab.py). Add
// `--json` for machine-readable output (used by compare-with-jax.sh and compare-with-torch.sh).

let args = Arguments(CommandLine.arguments)
switch args.mode {
case "steps": try benchmarkSteps(args)
case "cv": try benchmarkCV(args)
case "samplers": benchmarkSamplers(args)
case "report": try benchmarkReport(args)
case "collab": try benchmarkCollab(args)
case "claims": try benchmarkClaims(args)
case "load": try benchmarkLoad(args)
case "als": try benchmarkALS(args)
case "scale": try benchmarkScale(args)
case "dashboard": try await benchmarkDashboard(args)
case "dashboard-clients": runDashboardClients(args)
default:
    fail("unknown mode \(args.mode); use steps, cv, samplers, report, collab, claims, load, als, scale or dashboard")
}
