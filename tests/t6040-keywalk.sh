#!/bin/sh
# Random key walks (fixed scripts in tests/data/keywalk-*.keys: moves,
# drill-downs, filters good and bad, commands, prompts, sorts, view
# switches) through the workbench on three datasets, headless, at two
# sizes and one too small.  Nothing may crash, hang or leak (under
# make asan), and the program must end normally.
cd "$SRCDIR" || exit 1
out=$(mktemp "${TMPDIR:-/tmp}/winnow-walk.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT
set -- \
	"datasets/cars.csv --headless 80x24 --sample-threshold 200" 1 \
	"datasets/iris.csv --headless 132x40 --stratify" 2 \
	"datasets/fortunes8.csv --headless 100x30 --label label" 3 \
	"tests/data/escapes.csv --headless 80x24" 1 \
	"datasets/movies.csv --headless 70x20" 2
echo "1..$(($# / 2))"
n=0
while [ $# -gt 1 ]; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	$WINNOW $1 --keys "tests/data/keywalk-$2.keys" >"$out" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && [ -s "$out" ]; then
		echo "ok $n - walk $2 on $1"
	else
		echo "not ok $n - walk $2 on $1 (status $rc)"
		tail -20 "$out" | sed 's/^/# /'
	fi
	shift 2
done
