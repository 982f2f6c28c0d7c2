#!/usr/bin/env bash
# Runs mfsweep's mini-batch trainer (`mfbench collab`, release build) and our PyTorch peer of
# fastai's collaborative-filtering chapter (peers/torch_collab.py, needs `pip install torch`) back
# to back on this machine, on the same seeded 20% holdout and settings — fit_one_cycle(5, 5e-3)
# with AdamW, batches of 64, y_range (0, 5.5) — and prints, per case, both medians of ms per
# epoch, their ratio, both final valid MSEs and their relative difference; for wd 0 also whether
# the valid MSE rises after its minimum while the train loss keeps falling (overfitting).
#
#   Benchmarks/compare-with-torch.sh [DATA] [REPEATS]
#
# Cases (CASES, default all): dpb-wd0.1 (DotProductBias, 50 factors, wd 0.1), dpb-wd0 (the same
# with wd 0) and enn-wd0.1 (EmbeddingNN [100, 50], wd 0.1). Both sides run on 1 thread, ours then
# the peer's, REPEATS times (default 3); each figure is the median over the repeats of each run's
# median ms/epoch. Our epoch times include the trainer's per-epoch evaluation of the holdout
# (the peer's exclude its own); see CollabBenchmark.swift. Raw JSON goes to OUT (default a fresh
# temporary directory); the table, per-epoch curves and commands also go to RESULTS (default
# results/torch-collab.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${1:-$here/../../shared/data/ml-100k/u.data}
repeats=${2:-3}
cases=${CASES:-dpb-wd0.1 dpb-wd0 enn-wd0.1}
peer=${PEER:-$here/peers/torch_collab.py}
results=${RESULTS:-$here/results/torch-collab.md}
out=${OUT:-$(mktemp -d /tmp/compare-with-torch.XXXXXX)}

[ -f "$data" ] || { echo "compare-with-torch: no data at $data" >&2; exit 64; }
[ -f "$peer" ] || { echo "compare-with-torch: no peer at $peer" >&2; exit 64; }
command -v python3 >/dev/null || { echo "compare-with-torch: needs python3" >&2; exit 64; }
python3 -c 'import torch, numpy' 2>/dev/null ||
    { echo 'compare-with-torch: needs torch and numpy: pip install torch numpy' >&2; exit 64; }

(cd "$here" && swift build -c release --product mfbench >&2)
bench="$here/.build/release/mfbench"
mkdir -p "$out"
split="$out/split.txt"
python3 "$peer" --data "$data" --split-out "$split" --split-only

for c in $cases; do
    case $c in
        dpb-wd0.1) ours=(--model dot --wd 0.1) theirs=(--model dpb --wd 0.1) ;;
        dpb-wd0) ours=(--model dot --wd 0) theirs=(--model dpb --wd 0) ;;
        enn-wd0.1) ours=(--model embedding_nn --wd 0.1) theirs=(--model enn --wd 0.1) ;;
        *) echo "compare-with-torch: unknown case $c (dpb-wd0.1, dpb-wd0, enn-wd0.1)" >&2; exit 64 ;;
    esac
    for r in $(seq "$repeats"); do
        echo "compare-with-torch: $c, run $r of $repeats" >&2
        "$bench" collab --data "$data" --split "$split" "${ours[@]}" --epochs 5 --batch-size 64 --lr 5e-3 \
            --threads 1 --json >"$out/ours-$c-$r.json"
        python3 "$peer" --data "$data" "${theirs[@]}" --epochs 5 --bs 64 --lr 5e-3 --threads 1 \
            --json >"$out/torch-$c-$r.json"
    done
done

python3 - "$out" "$repeats" "$results" "$data" "$cases" <<'EOF'
import datetime, json, platform, statistics, sys, torch
out, repeats, results, data, cases = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5].split()
runs = {(side, c): [json.load(open(f"{out}/{side}-{c}-{r}.json")) for r in range(1, repeats + 1)]
        for side in ("ours", "torch") for c in cases}

def overfits(run):
    """Valid MSE rises after its minimum while the train loss keeps falling."""
    v, t = run["valid_mse"], run["train_loss"]
    k = v.index(min(v))
    rises = k < len(v) - 1 and v[-1] > v[k]
    falls = all(b < a for a, b in zip(t[k:], t[k + 1:]))
    return "yes" if rises and falls else "no"

head = (f"{'case':<10} {'ours ms':>9} {'torch ms':>9} {'ratio':>7} {'ours MSE':>9} {'torch MSE':>9} {'diff %':>7}"
        f"  {'overfit':>7}  {'ours ms -eval':>13}")
lines = [head]
curves = []
for c in cases:
    o, t = runs["ours", c], runs["torch", c]
    om = statistics.median(r["median_ms"] for r in o)
    tm = statistics.median(r["median_ms"] for r in t)
    ov = statistics.median(r["valid_mse"][-1] for r in o)
    tv = statistics.median(r["valid_mse"][-1] for r in t)
    oe = statistics.median(r["median_ms"] - r.get("eval_ms", 0) for r in o)
    fit = f"{overfits(o[0])}/{overfits(t[0])}" if c.endswith("wd0") else "-"
    lines.append(f"{c:<10} {om:9.1f} {tm:9.1f} {tm / om:6.1f}x {ov:9.4f} {tv:9.4f} {100 * (ov - tv) / tv:+7.2f}"
                 f"  {fit:>7}  {oe:13.1f}")
    for side, rs in (("ours", o), ("torch", t)):
        r = rs[0]
        curves.append(f"{c:<10} {side:<6} train " + " ".join(f"{x:.4f}" for x in r["train_loss"])
                      + " | valid " + " ".join(f"{x:.4f}" for x in r["valid_mse"])
                      + " | ms/epoch " + " ".join(f"{x:.0f}" for x in r["ms_per_epoch"]))
table = "\n".join(lines)
print(table)
print()
print("per-epoch (run 1): train loss | valid MSE | ms")
print("\n".join(curves))

with open(results, "w") as f:
    f.write(f"""# mfsweep's mini-batch trainer vs a PyTorch peer of fastai's collab chapter

Measured {datetime.date.today()} on {platform.machine()} Linux, 2 cores, shared (other builds ran at the same time, so
absolute times are inflated and noisy; the two sides ran back to back, alternating); torch {torch.__version__}, 1 thread
each, median over {repeats} runs of each run's median ms/epoch. Settings: fit_one_cycle(5, 5e-3), AdamW betas (0.95→0.85→0.95,
0.99), eps 1e-5, batch 64, y_range (0, 5.5), seeded 20% holdout (numpy default_rng(0)); our epoch times include the
per-epoch evaluation of the holdout, the peer's do not ("ours ms -eval" subtracts an estimate of it: the trainer's
final evaluation time scaled to the holdout). ratio = torch ms / ours; diff = (ours − torch) / torch; overfit (wd 0
only, ours/torch): the valid MSE rises after its minimum while the train loss keeps falling.

```
Benchmarks/compare-with-torch.sh {data} {repeats}
  mfbench collab --data U_DATA --split SPLIT --model dot|embedding_nn --wd W --epochs 5 --batch-size 64 --lr 5e-3 --threads 1 --json
  python3 Benchmarks/peers/torch_collab.py --data U_DATA --model dpb|enn --wd W --epochs 5 --bs 64 --lr 5e-3 --threads 1 --json
```

```
{table}
```

Per epoch (run 1): train loss (both: the mean of the epoch's batch MSEs, in training mode) | valid MSE | ms

```
{chr(10).join(curves)}
```
""")
print(f"\nraw JSON in {out}; written {results}")
EOF
