#!/usr/bin/env bash
# Runs mfsweep's trainer (mfbench, release build) and the book's JAX trainer
# (../../shared/peers/seed_jax_mf.py, needs `pip install "jax[cpu]"`) back to back on this
# machine, on the same data and settings, and prints ms/step of both and their ratio per emb_dim.
#
#   Benchmarks/compare-with-jax.sh [DATA] [REPEATS]
#
# Both use 2 threads' worth of cores: XLA uses every core it sees; mfbench gets --threads 2.
# Each figure is the median of REPEATS runs of STEPS steps (timing starts after JAX's compile).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${1:-$here/../../shared/data/ml-100k/u.data}
repeats=${2:-5}
steps=${STEPS:-200}
dims=${DIMS:-10 32 64 128}
peer=${PEER:-$here/../../shared/peers/seed_jax_mf.py}

[ -f "$data" ] || { echo "compare-with-jax: no data at $data" >&2; exit 64; }
[ -f "$peer" ] || { echo "compare-with-jax: no peer at $peer" >&2; exit 64; }
python3 -c 'import jax' 2>/dev/null || { echo 'compare-with-jax: needs jax: pip install "jax[cpu]"' >&2; exit 64; }

(cd "$here" && swift build -c release --product mfbench >&2)
bench="$here/.build/release/mfbench"

printf '%-8s %14s %14s %8s\n' emb_dim "mfsweep ms" "jax ms" ratio
for d in $dims; do
    ours=$("$bench" steps --data "$data" --dims "$d" --steps "$steps" --repeats "$repeats" --threads 2 --json |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0]["ms_per_step"])')
    theirs=$(for r in $(seq "$repeats"); do
        python3 "$peer" --data "$data" --emb-dim "$d" --steps "$steps" --folds 1 |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["ms_per_step"])'
    done | python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.stdin))')
    python3 -c "print(f'{$d:<8d} {$ours:14.3f} {$theirs:14.3f} {$theirs/$ours:7.1f}x')"
done
