#!/bin/sh
# run.sh - `make bench`: speed of `winnow stats` on a generated
# 1,000,000-row CSV (about 145 MB), next to Miller's `summary` when mlr
# is installed and DuckDB's SUMMARIZE when its node package is; the same
# rows as JSON Lines and gzip-compressed; then the checkers, PICO (with
# many classes too), the journal and the workbench; with BENCH_BIG=1,
# files past the memory winnow plans for (bench/big.sh).
#
# The data is generated once into $BUILD/bench/ and reused.  Each winnow
# figure is the best of $RUNS runs (default 3); Miller runs once (it is
# much slower; BENCH_MLR=0 skips it).  Wall time, CPU time and peak RSS
# come from bench/timeit.c (wait4), so GNU time is not needed.  Runs are
# niced: the machine may be shared, and then the CPU column is the
# steadier figure.
set -e
. "$(dirname "$0")/lib.sh"
: "${CC:=cc}"
: "${RUNS:=3}"
: "${ROWS:=1000000}"
: "${BENCH_MLR:=1}"		# 0: skip the (slow) Miller comparison
gen=$dir/gen
data=$dir/bench-$ROWS.csv

# the two helpers, when the Makefile has not built them already
if [ ! -x "$gen" ] || [ "$SRCDIR/bench/gen.c" -nt "$gen" ]; then
	$CC -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I"$SRCDIR" \
	    -o "$gen" "$SRCDIR/bench/gen.c" -lm
fi
if [ ! -x "$timeit" ] || [ "$SRCDIR/bench/timeit.c" -nt "$timeit" ]; then
	$CC -std=c11 -D_DEFAULT_SOURCE -O2 -o "$timeit" \
	    "$SRCDIR/bench/timeit.c"
fi
if [ ! -s "$data" ]; then
	echo "generating $data ($ROWS rows) ..."
	nice "$gen" "$data.tmp" "$ROWS"
	mv "$data.tmp" "$data"
fi
bytes=$(wc -c <"$data" | tr -d ' ')
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')

row() {
	# name wall cpu rss
	awk -v name="$1" -v w="$2" -v c="$3" -v r="$4" -v b="$bytes" \
	    -v n="$ROWS" 'BEGIN{printf \
	    "%-32s %6.2f s %6.2f s %6.0f MB %6.1f MB/s %8.0f rows/s\n",
	    name, w, c, r / 1024, b / 1e6 / w, n / w}'
}

echo "data: $data"
awk -v b="$bytes" -v n="$ROWS" -v c="$cpus" 'BEGIN{printf \
    "      %d rows, %.1f MB, %s cores online\n\n", n, b / 1e6, c}'
printf '%-32s %8s %8s %9s %11s %15s\n' "command" "wall" "cpu" "peak RSS" \
    "throughput" "rows"

measure "stats" "$RUNS" "$WINNOW" stats "$data" --quiet --timing
row "winnow stats" "$wall" "$cpu" "$rss"
ours=$wall ourscpu=$cpu
steps=$(sed -n 's/^winnow: timing: //p' "$dir/best.err")

measure "stats --label" "$RUNS" "$WINNOW" stats "$data" --label label \
    --quiet --timing
row "winnow stats --label label" "$wall" "$cpu" "$rss"
lsteps=$(sed -n 's/^winnow: timing: //p' "$dir/best.err")

measure "stats --json" 1 "$WINNOW" stats "$data" --json --quiet
row "winnow stats --json" "$wall" "$cpu" "$rss"

mlrnote=
if [ "$BENCH_MLR" = 0 ]; then
	mlrnote="Miller comparison skipped (BENCH_MLR=0)"
elif command -v mlr >/dev/null 2>&1; then
	measure "mlr" 1 mlr --icsv --ojson summary "$data"
	row "mlr --icsv --ojson summary" "$wall" "$cpu" "$rss"
	mlrnote=$(awk -v m="$wall" -v a="$ours" -v mc="$cpu" -v ac="$ourscpu" \
	    'BEGIN{printf "winnow stats is %.1fx as fast as mlr summary " \
	    "(wall), %.1fx (cpu)", m / a, mc / ac}')
else
	mlrnote="mlr is not installed: Miller comparison skipped"
fi

# DuckDB's SUMMARIZE as a peer, when its node package is installed:
# npm install --prefix $BUILD/bench/duckdb @duckdb/node-api
duck=$dir/duckdb
ducknote="DuckDB: not installed (npm install --prefix $duck @duckdb/node-api)"
if command -v node >/dev/null 2>&1 && \
    [ -d "$duck/node_modules/@duckdb/node-api" ]; then
	cp "$SRCDIR/bench/duckdb.mjs" "$duck/duckdb.mjs"
	measure "duckdb" 1 node "$duck/duckdb.mjs" "$data"
	row "DuckDB SUMMARIZE (node)" "$wall" "$cpu" "$rss"
	ducknote=$(awk -v d="$wall" -v a="$ours" -v dc="$cpu" -v ac="$ourscpu" \
	    'BEGIN{printf "winnow stats is %.1fx as fast as DuckDB SUMMARIZE " \
	    "(wall), %.1fx (cpu)", d / a, dc / ac}')
fi

echo
echo "$mlrnote"
echo "$ducknote"
# the steps as winnow itself timed them (--timing), in the best runs
echo "winnow stats, its own timing:         $steps"
echo "winnow stats --label, its own timing: $lsteps"

# --- JSON Lines and compressed input ----------------------------------
# The same rows as JSON Lines (made from the CSV by bench/tojsonl, three
# columns nested under "meta"), and the CSV gzip-compressed.  The gzip
# path decompresses on one thread, so it is also timed with --threads 1:
# against zcat | mlr it should keep the plain path's margin over mlr.
jsonl=$dir/bench-$ROWS.jsonl
gz=$data.gz
if [ ! -s "$jsonl" ]; then
	echo "generating $jsonl from the CSV ..."
	nice "$BUILD/bench/tojsonl" "$data" "$jsonl.tmp" \
	    --nest meta=colour,station,customer
	mv "$jsonl.tmp" "$jsonl"
fi
if [ ! -s "$gz" ]; then
	nice gzip -c "$data" >"$gz.tmp"
	mv "$gz.tmp" "$gz"
fi
csvbytes=$bytes
echo
echo "== JSON Lines and gzip: the same $ROWS rows"
printf '%-32s %8s %8s %9s %11s %15s\n' "command" "wall" "cpu" "peak RSS" \
    "throughput" "rows"
bytes=$(wc -c <"$jsonl" | tr -d ' ')
measure "stats jsonl" "$RUNS" "$WINNOW" stats "$jsonl" --quiet --timing
row "winnow stats FILE.jsonl" "$wall" "$cpu" "$rss"
jwall=$wall
jsteps=$(sed -n 's/^winnow: timing: //p' "$dir/best.err")
bytes=$(wc -c <"$gz" | tr -d ' ')
measure "stats gz" "$RUNS" "$WINNOW" stats "$gz" --quiet
row "winnow stats FILE.csv.gz" "$wall" "$cpu" "$rss"
measure "stats gz 1" "$RUNS" "$WINNOW" stats "$gz" --quiet --threads 1
row "... --threads 1" "$wall" "$cpu" "$rss"
gzwall=$wall gzcpu=$cpu
# the same files past --memory: read from their start in chunks into the
# mergeable summary (bounded memory)
bytes=$(wc -c <"$gz" | tr -d ' ')
measure "stats gz 64M" "$RUNS" "$WINNOW" stats "$gz" --quiet --memory 64M
row "... --memory 64M (streamed)" "$wall" "$cpu" "$rss"
bytes=$(wc -c <"$jsonl" | tr -d ' ')
measure "stats jsonl 64M" "$RUNS" "$WINNOW" stats "$jsonl" --quiet \
    --memory 64M
row "FILE.jsonl --memory 64M (streamed)" "$wall" "$cpu" "$rss"
bytes=$csvbytes
measure "stats 1" "$RUNS" "$WINNOW" stats "$data" --quiet --threads 1
row "plain CSV, --threads 1" "$wall" "$cpu" "$rss"
gznote=
if [ "$BENCH_MLR" = 0 ]; then
	gznote="zcat | mlr comparison skipped (BENCH_MLR=0)"
elif command -v mlr >/dev/null 2>&1; then
	measure "zcat mlr" 1 sh -c 'zcat "$1" | mlr --icsv --ojson summary' \
	    sh "$gz"
	row "zcat FILE | mlr ... summary" "$wall" "$cpu" "$rss"
	gznote=$(awk -v m="$wall" -v a="$gzwall" -v mc="$cpu" -v ac="$gzcpu" \
	    'BEGIN{printf "winnow stats FILE.csv.gz --threads 1 is %.1fx as " \
	    "fast as zcat | mlr summary (wall), %.1fx (cpu)", m / a,
	    mc / ac}')
else
	gznote="mlr is not installed: zcat | mlr comparison skipped"
fi
echo
awk -v j="$jwall" -v c="$ours" -v n="$ROWS" 'BEGIN{printf "JSON Lines: " \
    "%.2f s to load and summarise %d rows (target: under 3 s); the CSV: " \
    "%.2f s\n", j, n, c}'
echo "$gznote"
echo "winnow stats FILE.jsonl, its own timing: $jsteps"
echo
echo "== parsing JSON Lines: jansson and the loader's scanner, one thread"
nice "$BUILD/bench/jsonl_bench" "$jsonl"
rm -f "$dir/best.out" "$dir/best.err"

# --- PICO: the checkers and whole runs on the sizes the targets name ---
echo
echo "== PICO: features + R x F = 3 x 5 checkers (one round), then a"
echo "   whole PICO run with the default rounds (2 threads)"
nice "$BUILD/bench/oof_bench" --pico 1 --data "$SRCDIR/datasets"

# --- PICO with many classes: top-r predictions and beliefs ----------
echo
echo "== PICO with 1,000 classes: 100,000 generated texts, 10% noise"
echo "   (BENCH_BIGK_1M=1 adds 1,000,000 texts: about 2 minutes, 770 MB)"
if [ "${BENCH_BIGK_1M:-0}" = 1 ]; then
	nice "$BUILD/bench/bigk_bench" --dir "$dir" 100000:1000 1000000:1000
else
	nice "$BUILD/bench/bigk_bench" --dir "$dir" 100000:1000
fi

# --- the review journal ---------------------------------------------
echo
echo "== review journal: a decision appended and synced; replay"
nice "$BUILD/bench/journal_bench"

# the review loop: a decision to the next card, a re-rank
echo
SRCDIR=$SRCDIR BUILD=$BUILD WINNOW=$WINNOW sh "$SRCDIR/bench/review.sh"

# the workbench: first screen, loading, a regex filter, 1,000 keys
echo
DATA=$data SRCDIR=$SRCDIR BUILD=$BUILD WINNOW=$WINNOW sh "$SRCDIR/bench/tui.sh"

# files bigger than the memory winnow plans for: only when asked
echo
if [ "${BENCH_BIG:-0}" = 1 ]; then
	[ -d "$duck/node_modules" ] && cp "$SRCDIR/bench/duckdb.mjs" "$duck/"
	SRCDIR=$SRCDIR BUILD=$BUILD WINNOW=$WINNOW sh "$SRCDIR/bench/big.sh"
else
	echo "== files past --memory: BENCH_BIG=1 generates 10M rows (1.5 GB),"
	echo "   20M rows (2.9 GB: one process and a 2-worker Dask LocalCluster)"
	echo "   and 100M rows (15 GB) and times winnow stats on them"
fi
