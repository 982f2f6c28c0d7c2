// mfbench — release-build benchmarks for mfsweep.
//
//   swift run -c release mfbench steps --data ../../shared/data/ml-100k/u.data
//   swift run -c release mfbench cv    --data ../../shared/data/ml-100k/u.data
//   swift run -c release mfbench samplers --seeds 0-19 --trials 50
//   swift run -c release mfbench report --runs 1000 --folds 5 --logged-steps 200
//
// `steps`: ms per full-batch step on an 80/20 holdout at several embedding sizes (median of
// repeats), with the book's FLOP count per step. `cv`: wall time of a whole k-fold trial.
// `samplers`: simple regret of the sweep methods on standard test functions and their CPU time
// per trial (see SamplerBenchmark.swift). `report`: time to read a sweep of many runs from the
// store and render its text and HTML reports (see ReportBenchmark.swift). Add `--json` for machine-readable output (used by
// compare-with-jax.sh).

let args = Arguments(CommandLine.arguments)
switch args.mode {
case "steps": try benchmarkSteps(args)
case "cv": try benchmarkCV(args)
case "samplers": benchmarkSamplers(args)
case "report": try benchmarkReport(args)
default: fail("unknown mode \(args.mode); use steps, cv, samplers or report")
}
