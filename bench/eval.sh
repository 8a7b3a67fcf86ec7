#!/bin/sh
# eval.sh - `make eval`: label-noise detection quality of PICO and
# confident learning on the bundled datasets with injected noise (see
# bench/eval.c), then the variants that chose PICO's defaults: each line
# is the mean F1 over three noise seeds and 20 dataset x setting runs,
# and how many runs PICO lost to confident learning.
set -e
: "${SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BUILD:=$SRCDIR/build}"
eval=$BUILD/bench/eval
data=$SRCDIR/datasets

echo "== defaults, noise seed 42 (T = rounds kept; time includes the"
echo "   shared first round of checkers; rss is the process peak)"
nice "$eval" --data "$data" --seed 42
echo
echo "== variants: mean F1 over noise seeds 1, 2, 3 (pico / cl; losses)"
for opt in "" "--beta one" "--beta inv" "--alpha 0.5" "--prior eps" \
    "--carry hmm" "--carry hmm --stay 0.7" "--pool mean" "--rounds 1" \
    "--rounds 3" "--relabel-threshold 0.8" "--relabel-threshold 0.95" \
    "--repeats 1" "--repeats 5" "--folds 10" "--flag argmax" \
    "--model nb"; do
	line=$(for s in 1 2 3; do
		# shellcheck disable=SC2086
		nice "$eval" --data "$data" --seed $s $opt | tail -n 1
	done | awk '{ p += $4; c += $6; l += $NF; n++ }
	    END { printf "pico %.3f  cl %.3f  lost %d of 60", p/n, c/n, l }' \
	    | tr -d ',')
	printf '%-32s %s\n' "${opt:-(defaults)}" "$line"
done
