#!/bin/sh
# tui.sh - speed of the workbench on the 1,000,000-row benchmark file:
# how soon the first screen shows, how long loading and a regex filter
# over the free-text column take, and what each key costs to handle and
# redraw over a walk of 1,000 keys through every view (median and 99th
# percentile).  Keys are timed headlessly (winnow --bench-keys), which
# measures the program's own work: the action and the drawing of the
# whole screen; jobs a key starts run in the background and are timed
# apart.
#
# DATA names the CSV (default: the file bench/run.sh generates).
set -e
. "$(dirname "$0")/lib.sh"
: "${ROWS:=1000000}"
: "${DATA:=$dir/bench-$ROWS.csv}"
if [ ! -s "$DATA" ]; then
	echo "tui.sh: no data at $DATA (run make bench, or set DATA)" >&2
	exit 1
fi

# the walk: 1,000 keys over the table, the record and the other views
walk=$dir/walk.keys
awk 'BEGIN {
	n = 0
	# table: down, sideways, pages, ends
	for (i = 0; i < 150; i++) { print "j"; n++ }
	for (i = 0; i < 8; i++) { print "l"; n++ }
	for (i = 0; i < 8; i++) { print "h"; n++ }
	for (i = 0; i < 40; i++) { print "<PgDn>"; n++ }
	for (i = 0; i < 20; i++) { print "<PgUp>"; n++ }
	print "G"; print "g g"; n += 3
	for (i = 0; i < 30; i++) { print "<C-d>"; n++ }
	for (i = 0; i < 30; i++) { print "k"; n++ }
	# record: next and previous rows, scrolling
	print "<Enter>"; n++
	for (i = 0; i < 60; i++) { print "<Right>"; n++ }
	for (i = 0; i < 30; i++) { print "<Left>"; n++ }
	for (i = 0; i < 10; i++) { print "j"; n++ }
	print "q"; n++
	# the other views, with moves in each
	while (n < 1000) {
		print "<Tab>"; n++
		for (i = 0; i < 25 && n < 1000; i++) { print "j"; n++ }
		for (i = 0; i < 10 && n < 1000; i++) { print "k"; n++ }
		for (i = 0; i < 5 && n < 1000; i++) { print "l"; n++ }
		for (i = 0; i < 5 && n < 1000; i++) { print "h"; n++ }
	}
}' >"$walk"

echo "data: $DATA ($(wc -l <"$DATA" | tr -d ' ') lines)"
echo "== a walk of 1,000 keys (132x40)"
nice "$WINNOW" "$DATA" --bench-keys "$walk" 2>&1 >/dev/null |
    sed 's/^/   /'
echo "== a regex filter over the free-text column"
printf ':col<Space>comment<Enter>\n/refund.*(late|never)<Enter>\n' \
    >"$dir/filter.keys"
nice "$WINNOW" "$DATA" --bench-keys "$dir/filter.keys" 2>&1 >/dev/null |
    grep -E '^job (loading|filter)' | sed 's/^/   /'
printf ':col<Space>comment<Enter>\n/\\b(late|damaged)\\b.*\\b(refund|card)\\b<Enter>\n' \
    >"$dir/filter2.keys"
nice "$WINNOW" "$DATA" --bench-keys "$dir/filter2.keys" 2>&1 >/dev/null |
    grep -E '^job filter' | sed 's/^/   /'
