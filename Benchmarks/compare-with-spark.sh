#!/usr/bin/env bash
# Runs `optimizer: als` (`mfbench als`, release build) and Spark MLlib ALS (peers/spark_als.py,
# needs `pip install pyspark` and Java 17) back to back on one 80/20 split written out for both,
# with Spark's model on our side too (no biases, frequency-weighted λ = REG, no Gramian), and
# prints both tools' fit times, marginal seconds per iteration, test RMSE and peak memory.
#
#   Benchmarks/compare-with-spark.sh [RATINGS] [RANK] [REG] [ITERS]
#
# RATINGS is a ratings file mfsweep reads (default: a zipf synthetic set in the shape of
# MovieLens 25M, made once with `mfsweep data synth … --popularity zipf:1.0`; SYNTH_ARGS changes
# its size). RANK defaults to 64, REG to 0.05 and ITERS (fits from scratch, comma-separated) to
# 1,3. The split, both tools' logs and a summary go to OUT (default a fresh temporary folder).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rank=${2:-64}
reg=${3:-0.05}
iters=${4:-1,3}
out=${OUT:-$(mktemp -d /tmp/compare-with-spark.XXXXXX)}
peer=${PEER:-$here/peers/spark_als.py}
synth_args=${SYNTH_ARGS:---users 162000 --items 59000 --density 0.0026 --rank 10 --round --popularity zipf:1.0}

command -v python3 >/dev/null || { echo "compare-with-spark: needs python3" >&2; exit 64; }
python3 -c 'import pyspark' 2>/dev/null ||
    { echo 'compare-with-spark: needs pyspark (pip install pyspark) and Java 17' >&2; exit 64; }
[ -f "$peer" ] || { echo "compare-with-spark: no peer at $peer" >&2; exit 64; }

(cd "$root" && swift build -c release --product mfsweep >&2)
(cd "$here" && swift build -c release --product mfbench >&2)
mkdir -p "$out"
data=${1:-$out/ratings.csv}
if [ ! -f "$data" ]; then
    # shellcheck disable=SC2086
    "$root/.build/release/mfsweep" data synth -o "$data" $synth_args >&2
fi

"$here/write-split.sh" "$data" "$out/train.csv" "$out/test.csv"

echo "== Spark MLlib ALS (local[2]), rank $rank, reg $reg, iterations $iters" | tee "$out/summary.txt"
python3 "$peer" "$out/train.csv" "$out/test.csv" --rank "$rank" --reg "$reg" --iters "$iters" \
    2>"$out/spark.err" | tee "$out/spark.log" | tee -a "$out/summary.txt"
echo "== mfsweep als (2 threads), emb_dim $rank, weighted_lambda, ell_2 $reg" | tee -a "$out/summary.txt"
"$here/.build/release/mfbench" als --train "$out/train.csv" --test "$out/test.csv" --dims "$rank" --reg "$reg" \
    --iters "$iters" | tee "$out/mfsweep.log" | tee -a "$out/summary.txt"

python3 - "$out/spark.log" "$out/mfsweep.log" <<'PY' | tee -a "$out/summary.txt"
import re, sys
def fields(path, prefix):
    rows = [dict(re.findall(r"(\w+)=([^\s]+)", l)) for l in open(path) if l.startswith(prefix)]
    return rows
spark = fields(sys.argv[1], "spark-als")
ours = fields(sys.argv[2], "mfsweep-als")
s_fit = [r for r in spark if "fit_s" in r]
o_fit = [r for r in ours if "fit_s" in r]
s_sum = [r for r in spark if "marginal_s_per_iter" in r][-1]
o_sum = [r for r in ours if "marginal_s_per_iter" in r][-1]
for s, o in zip(s_fit, o_fit):
    print(f"iters {s['iters']}: fit {float(s['fit_s']):.3g} s vs {float(o['fit_s']):.3g} s "
          f"({float(s['fit_s']) / float(o['fit_s']):.2f}x); test RMSE {s['test_rmse']} vs {o['test_rmse']}")
print(f"marginal s/iteration: {float(s_sum['marginal_s_per_iter']):.3g} vs {float(o_sum['marginal_s_per_iter']):.3g} "
      f"({float(s_sum['marginal_s_per_iter']) / float(o_sum['marginal_s_per_iter']):.2f}x); "
      f"peak memory {s_sum['peak_rss_mb']} MB (JVM) vs {o_sum['peak_rss_mb']} MB")
PY
echo "compare-with-spark: logs in $out" >&2
