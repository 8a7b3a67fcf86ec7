#!/bin/sh
# run.sh - `make fuzz`: build each libFuzzer target with clang
# (AddressSanitizer + UndefinedBehaviorSanitizer) and run it for
# FUZZ_SECONDS (default 60) from a seed corpus made of the test data.
# A crash leaves its input in $BUILD/fuzz/ and fails the run.
set -e
: "${SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BUILD:=$SRCDIR/build}"
: "${FUZZ_SECONDS:=60}"
: "${FUZZ_CC:=clang}"
out=$BUILD/fuzz
mkdir -p "$out"
cd "$SRCDIR"
# the libraries' flags: the Makefile passes configure's (every library
# core/ links, libxgboost's OpenMP runtime too); run by hand, the usual
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -pthread -g -O1 -I.
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
    ${FUZZ_CFLAGS-$(pkg-config --cflags libpcre2-8 2>/dev/null)}"
libs=${FUZZ_LIBS:-"-lpcre2-8 -lcsv -lz -lzstd -ljansson -lxgboost -lgomp -lm"}
core=$(find core -name "*.c" | sort)

seed() {	# seed NAME FILES...: a corpus directory from test inputs
	name=$1
	shift
	mkdir -p "$out/corpus-$name"
	for f in "$@"; do
		[ -f "$f" ] && head -c 65536 "$f" >"$out/corpus-$name/$(basename "$f")"
	done
	return 0
}
seed csvload datasets/iris.csv datasets/cars.csv tests/data/csv-spectrum/csvs/*.csv \
    tests/data/escapes.csv
seed jsonl datasets/fortunes8.jsonl
printf '{"a": 1, "b": {"c": [1, "x", null]}}\n\n{"a":"\\u00e9\\ud83d\\ude00"}\r\n' \
    >"$out/corpus-jsonl/shapes.jsonl"
seed journal
seed probs
seed rx

status=0
for t in csvload jsonl journal probs rx; do
	echo "== fuzz_$t: building"
	# shellcheck disable=SC2086
	$FUZZ_CC $flags -o "$out/fuzz_$t" "fuzz/fuzz_$t.c" $core $libs
	echo "== fuzz_$t: ${FUZZ_SECONDS}s"
	if ! (cd "$out" && "./fuzz_$t" -max_total_time="$FUZZ_SECONDS" \
	    -max_len=4096 -timeout=10 -print_final_stats=1 \
	    "corpus-$t" 2>"fuzz_$t.log"); then
		echo "fuzz_$t FAILED: see $out/fuzz_$t.log and $out/crash-*"
		tail -30 "$out/fuzz_$t.log"
		status=1
	else
		grep -E '^stat::number_of_executed_units|^stat::peak_rss' \
		    "$out/fuzz_$t.log" | tr '\n' ' '
		echo
	fi
done
exit $status
