#!/usr/bin/env bash
# Writes one seeded 80/20 split of a ratings file's rows as TRAIN and TEST (CSV, header
# `user,item,rating`), the same rows for mfsweep (`mfbench als`, `mfbench scale`) and for
# peers/spark_als.py. Any header line (a first field that is not a number) is skipped; tabs,
# commas or `::` separate fields.
#
#   Benchmarks/write-split.sh RATINGS TRAIN TEST
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: write-split.sh RATINGS TRAIN TEST" >&2; exit 64; }
awk -v train="$2" -v test="$3" '
    BEGIN { FS = "[,\t]|::"; srand(7); print "user,item,rating" > train; print "user,item,rating" > test }
    $1 !~ /^[0-9]+$/ { next }
    { if (rand() < 0.2) print $1 "," $2 "," $3 > test; else print $1 "," $2 "," $3 > train }
' "$1"
