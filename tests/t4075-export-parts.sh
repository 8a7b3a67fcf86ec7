#!/bin/sh
# t4075-export-parts - `winnow export` over the parts of a dataset too
# big for one machine: the record-aligned byte ranges of one file (cut
# where `winnow stats --scan` and the driver's chain() say, so ranges
# start inside quoted fields that hold line ends) each cleaned with
# --range S:E --start-line L (--start-row R for a journal that names rows
# by number, from --count-rows), concatenated, equal the export of the
# whole file byte for byte, with and without --drop-excluded; a folder's
# parts cleaned with --part by a journal keyed by id; what cannot work
# is refused with exit status 64.
cd "$SRCDIR" || exit 1
. tests/lib.sh
py=/usr/bin/python3
[ -x $py ] || skip_all "no python3 for the driver's chain()"

. tests/parts.sh
gen 3000 >"$tmp/g.csv"
cd "$tmp" || exit 1
ok "a journal keyed by row number" decide jr "" "$(seq 5 37 2900)" \
    "9 400 2999" "$(seq 11 101 2900)" 12 13
ok "and one keyed by id" decide ji id "$(seq 6 41 2900)" "10 401 3000" \
    "$(seq 17 97 2900)" 20 21

# spans N: the record-aligned ranges "S E L" of g.csv cut in N
spans() {
	size=$(wc -c <g.csv)
	i=0
	while [ $i -lt "$1" ]; do
		"$WINNOW" stats g.csv --scan $((size * i / $1)):$((size * (i + 1) / $1)) ||
		    return 1
		i=$((i + 1))
	done >facts &&
	$py -c 'import json, os, sys
sys.path.insert(0, sys.argv[1])
from winnow_dask import chain
f = [json.loads(l) for l in open("facts")]
b = open("g.csv", "rb").read()
inside = 0
for s, e, l in chain(f, len(b)):
    print(s, e, l)
    # the first line end after the raw cut is not the record boundary
    raw = [x["start"] for x in f if x["start"] <= s][-1]
    inside += raw > 0 and b.index(b"\n", raw) + 1 != s
open("inside", "w").write("%d\n" % inside)' "$SRCDIR/cluster" >spans
}
ok "five ranges" spans 5
ok "  cut where records start" test "$(wc -l <spans)" -eq 5
ok "  some cut inside a quoted field that holds a line end" \
    test "$(cat inside)" -gt 0

# parts J OUT [options]: every range cleaned with J, concatenated in OUT
parts() {
	_j=$1 _o=$2
	shift 2
	: >"$_o"
	row=1
	while read s e l; do
		c=$("$WINNOW" export g.csv --journal "$_j" --range $s:$e \
		    --start-line $l --count-rows) || return 1
		"$WINNOW" export g.csv --journal "$_j" --range $s:$e \
		    --start-line $l --start-row $row --out p.csv --quiet \
		    --force "$@" || return 1
		cat p.csv >>"$_o"
		row=$((row + c))
	done <spans
	[ $row -eq 3001 ] || { echo "rows counted: $((row - 1))"; return 1; }
}
ok "the whole file's export, by row number" status 0 o e export g.csv \
    --journal jr --out whole.csv
ok "  relabels rows" has o "wrote whole.csv: 3,000 of 3,000 rows, [1-9][0-9]* relabelled"
ok "  quoting a label that needs it" contains whole.csv ',"c,""1""",'
ok "the ranges' exports, concatenated" parts jr cat.csv
ok "  are the whole file's, byte for byte" cmp whole.csv cat.csv
ok "with --drop-excluded" status 0 o e export g.csv --journal jr \
    --out wholed.csv --drop-excluded
ok "  leaves rows out" has o "29 dropped"
ok "  the ranges too" parts jr catd.csv --drop-excluded
ok "  byte for byte" cmp wholed.csv catd.csv
ok "keyed by id: the whole" status 0 o e export g.csv --journal ji \
    --out wholei.csv --drop-excluded
ok "  and the ranges (no --start-row needed)" parts ji cati.csv \
    --drop-excluded
ok "  byte for byte" cmp wholei.csv cati.csv
differ() {
	! cmp -s "$1" "$2"
}
ok "  which differs from the one by number" differ wholei.csv wholed.csv

# a folder of parts, keyed by id: each part cleaned on its own
mkdir parts
sed -n 1p g.csv >parts/a.csv
sed -n 1p g.csv >parts/b.csv
awk 'NR > 1 && $1 + 0 <= 1500 && /^[0-9]+,/ { p = "a" } NR > 1 && /^[0-9]+,/ && $1 + 0 > 1500 { p = "b" }
    NR > 1 { print >>("parts/" p ".csv") }' FS=, g.csv
ok "a part of a folder by id" status 0 o e export parts/a.csv \
    --journal ji --part --out ca.csv --drop-excluded
ok "  says what it wrote" has o "wrote ca.csv: [0-9,]* of 1,500 rows"
ok "the other part" status 0 o e export parts/b.csv --journal ji --part \
    --out cb.csv --drop-excluded
sed 1d cb.csv | cat ca.csv - >cab.csv
ok "  together the whole file's export" cmp wholei.csv cab.csv
ok "--count-rows of a part" status 0 o e export parts/b.csv --journal ji \
    --part --count-rows
ok "  counts its rows" test "$(cat o)" = 1500

# refused
set -- $(sed -n 2p spans)
ok "a later range by row number without --start-row (64)" status 64 o e \
    export g.csv --journal jr --range $1:$2 --start-line $3 --out x.csv
ok "  says what it needs" has e "names rows by number.*--start-row"
ok "a range that does not start a line (64)" status 64 o e export g.csv \
    --journal jr --range $(($1 + 1)):$2 --start-line $3 --out x.csv
ok "--part with a journal by row number (64)" status 64 o e export \
    parts/a.csv --journal jr --part --out x.csv
ok "  says why" has e "names rows by number.*--id"
ok "--start-line without --range (64)" status 64 o e export g.csv \
    --journal jr --start-line 3 --out x.csv
ok "--add-columns with --range (64)" status 64 o e export g.csv \
    --journal jr --range $1:$2 --start-line $3 --start-row 9 \
    --add-columns label_source --out x.csv
ok "--range and --part together (64)" status 64 o e export g.csv \
    --journal jr --range $1:$2 --part --out x.csv
ok "nothing written" test ! -e x.csv
ok "a part is replaced only with --force (73)" status 73 o e export \
    parts/a.csv --journal ji --part --out ca.csv

done_testing
