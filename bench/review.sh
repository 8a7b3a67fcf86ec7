#!/bin/sh
# review.sh - speed of the review loop on fortunes8 (3,154 rows):
#
#  - a decision key to the next card drawn, the journal's write and
#    fsync included: median and 99th percentile over 200 decisions
#    (target < 16 ms), timed headlessly by winnow --bench-keys on a
#    journal in $BUILD (a local disk, not a tmpfs);
#  - a re-rank after a PICO round with the decided rows clamped (R after
#    the 200 decisions): the background run and the new queue (target
#    < 3 s); the first, unclamped run is shown beside it.
#
# Journal replay of 100,000 decisions is timed by bench/journal_bench.
set -e
. "$(dirname "$0")/lib.sh"
dir=$BUILD/bench/review
rm -rf "$dir"
mkdir -p "$dir"
cp "$SRCDIR/datasets/fortunes8.csv" "$dir/f.csv"
run() {
	# run KEYS...: the key script, then winnow --bench-keys on it
	printf '%s\n' "$@" >"$dir/keys"
	rm -rf "$dir/f.csv.winnow"
	nice "$WINNOW" "$dir/f.csv" --label label --id id --threads 1 \
	    --rerun-every 0 --bench-keys "$dir/keys" 2>"$dir/out" >/dev/null
}
# the first run alone
run p
first=$(sed -n 's/^job PICO *1 run  *\([0-9.]*\) s.*/\1/p' "$dir/out")
# p, r, 200 decisions (accept and reject in turn), R
keys=$(awk 'BEGIN { for (i = 0; i < 100; i++) printf "a x "; }')
# shellcheck disable=SC2086
run p r $keys R
both=$(sed -n 's/^job PICO *2 runs *\([0-9.]*\) s.*/\1/p' "$dir/out")
echo "== the review loop on fortunes8 (3,154 rows, 1 thread)"
sed -n 's/^keys \([0-9]*\)  median \([0-9.]*\) ms  p99 \([0-9.]*\) ms.*max \([0-9.]*\) ms/decision key to the next card (fsync included): median \2 ms, p99 \3 ms, max \4 ms over \1 keys/p' "$dir/out"
awk -v f="$first" -v b="$both" 'BEGIN {
	printf "PICO run, first (unclamped): %.3f s\n", f
	printf "re-rank after a clamped PICO run (200 rows clamped): %.3f s\n",
	    2 * b - f
}'
decided=$(grep -c '	\(accept\|reject\)	' "$dir/f.csv.winnow/journal" || true)
echo "decisions journalled: $decided"
rm -rf "$dir"
