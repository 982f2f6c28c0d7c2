#!/usr/bin/env bash
# Trials per second of mfsweep agents and of Optuna RDBStorage workers (the peer,
# ../shared/peers/optuna_rdb_workers.py), back to back on one throwaway PostgreSQL server, for
# each worker count; then the claim benchmark (mfbench claims) on SQLite and on that server.
#
#   Benchmarks/compare-with-optuna.sh [WORKERS...]     (default: 1 4 16)
#   TRIALS=300 REPEATS=3 METHOD=random CLAIMS=1        (environment, defaults shown; CLAIMS=0 skips mfbench)
#
# Both sides run a trivial objective and a random sampler; both count process start-up. mfsweep's
# trial is a `command` run: an agent claims it, starts `/bin/sh -c echo …` and records its one
# metric line. Optuna's objective runs inside the worker. Medians of REPEATS are printed.
# Set-up: `pip install optuna 'psycopg[binary]'`; builds the release binaries if missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${MFSWEEP_TEST_POSTGRES:-}" ]; then
    exec "$root/scripts/with-postgres.sh" "$0" "$@"
fi
workers=("$@")
[ ${#workers[@]} -gt 0 ] || workers=(1 4 16)
trials=${TRIALS:-300}
repeats=${REPEATS:-3}
method=${METHOD:-random}
peer="$root/../shared/peers/optuna_rdb_workers.py"
[ -f "$peer" ] || { echo "compare-with-optuna: no peer at $peer" >&2; exit 1; }
python3 -c 'import optuna, psycopg' 2>/dev/null || { echo "compare-with-optuna: pip install optuna 'psycopg[binary]'" >&2; exit 1; }

(cd "$root" && swift build -c release --product mfsweep >/dev/null)
bin="$root/.build/release/mfsweep"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
server=${MFSWEEP_TEST_POSTGRES%%\?*}
psql() { command psql -q -X "$server" "$@"; }
python3 -c 'import optuna; print("optuna", optuna.__version__)'

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

printf '%-8s %-14s %-14s %s\n' workers "mfsweep t/s" "optuna t/s" "ratio"
for w in "${workers[@]}"; do
    ours=()
    theirs=()
    for r in $(seq "$repeats"); do
        db="optuna_w${w}_r${r}_$$"
        psql -c "CREATE DATABASE $db"
        # The peer gets a new database of the same server (an empty study storage).
        peer_url="postgresql+psycopg://$(echo "${server#postgres://}" | sed "s|/[^/]*$|/$db|")"
        theirs+=("$(python3 "$peer" "$peer_url" "$w" "$trials" "$method" | sed -n 's/.*trials\/s=\([0-9.]*\).*/\1/p')")
        cat > "$scratch/s$w$r.json" <<JSON
{"name": "trivial", "method": "$method", "count": $trials,
 "command": ["/bin/sh", "-c", "echo '{\"step\": 1, \"loss\": 0.5}'"],
 "metric": {"name": "loss"}, "parameters": {"x": {"min": 0, "max": 1}}}
JSON
        store="$server?schema=bench_w${w}_r${r}_$$"
        start=$(date +%s.%N)
        "$bin" launch "$scratch/s$w$r.json" --agents "$w" --store "$store" >/dev/null 2>"$scratch/launch.err" \
            || { cat "$scratch/launch.err" >&2; exit 1; }
        end=$(date +%s.%N)
        finished=$("$bin" runs trivial --store "$store" --format jsonl | grep -c '"state":"finished"')
        ours+=("$(echo "$finished $start $end" | awk '{printf "%.1f", $1 / ($3 - $2)}')")
    done
    o=$(printf '%s\n' "${ours[@]}" | median)
    t=$(printf '%s\n' "${theirs[@]}" | median)
    printf '%-8s %-14s %-14s %s\n' "$w" "$o (${ours[*]})" "$t (${theirs[*]})" "$(echo "$o $t" | awk '{printf "%.2fx", $1 / $2}')"
done

[ "${CLAIMS:-1}" = 0 ] && exit 0
echo
(cd "$root/Benchmarks" && swift run -c release mfbench claims --agents 1,4,16 --history 300 --postgres "$server")
