#!/bin/sh
# t6040-keywalk - random key walks (fixed scripts in
# tests/data/keywalk-*.keys: moves, drill-downs, filters good and bad,
# commands, prompts, sorts, view switches) through the workbench on
# three datasets, headless, at two sizes and one too small.  Nothing may
# crash, hang or leak (under make asan): the program must end normally
# and print its last screen, whole.
cd "$SRCDIR" || exit 1
. tests/lib.sh

# walk ARGS N: winnow ARGS on tests/data/keywalk-N.keys ends with status
# 0, its last screen in $tmp/out
walk() {
	# shellcheck disable=SC2086
	$WINNOW $1 --keys "tests/data/keywalk-$2.keys" >"$tmp/out" 2>&1
	_rc=$?
	[ $_rc -eq 0 ] && [ -s "$tmp/out" ] && return 0
	echo "exit status $_rc; the output ends:"
	tail -20 "$tmp/out"
	return 1
}

set -- \
	"datasets/cars.csv --headless 80x24 --sample-threshold 200" 1 \
	"datasets/iris.csv --headless 132x40 --stratify" 2 \
	"datasets/fortunes8.csv --headless 100x30 --label label" 3 \
	"tests/data/escapes.csv --headless 80x24" 1 \
	"datasets/movies.csv --headless 70x20" 2
while [ $# -gt 1 ]; do
	ok "walk $2 on $1" walk "$1" "$2"
	rows=${1##*x}
	rows=${rows%% *}
	ok "  ends on a whole screen of $rows lines" \
	    test "$(wc -l <"$tmp/out")" -eq "$rows"
	shift 2
done
done_testing
