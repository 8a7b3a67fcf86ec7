#!/bin/sh
# t6300-workbench - the workbench's table tools end to end, headless:
# :save (and Ctrl-S) writes the rows in view, in the view's order, to a
# CSV file through the output rule: a filtered and sorted Table, a cell
# of the Flagged view's confusion grid; the dataset and an existing file
# are refused, :save! replaces the file; n with nothing to look for
# stays where it is, and after a search goes on in the Table.
cd "$SRCDIR" || exit 1
. tests/lib.sh

# run ARGS... -- KEYS: winnow headless on the key script KEYS; the last
# screen in $tmp/screen
run() {
	_args=
	while [ "$1" != -- ]; do
		_args="$_args $1"
		shift
	done
	printf '%s\n' "$2" >"$tmp/keys"
	# shellcheck disable=SC2086
	$WINNOW $_args --headless 100x30 --keys "$tmp/keys" >"$tmp/screen" 2>&1
}

# ---- :save from the Table -------------------------------------------
run datasets/iris.csv -- \
    "2 g|^vir<Enter> <Wait> l ] :save<Space>$tmp/vir.csv<Enter>"
ok ":save says what it wrote" grep -q "saved 50 sorted rows to $tmp/vir.csv" \
    "$tmp/screen"
ok "the header and the 50 rows the filter keeps" \
    test "$(wc -l <"$tmp/vir.csv")" -eq 51
ok "the column names first" test "$(head -1 "$tmp/vir.csv")" = \
    "id,sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),label"
ok "only virginica rows" test "$(cut -d, -f6 "$tmp/vir.csv" | sort -u | \
    tr '\n' ' ')" = "label virginica "
# the first column, largest first as ] sorted it: 7.9 first, no rise
sorted() {
	tail -n +2 "$tmp/vir.csv" | cut -d, -f2 | sort -rns -c
}
ok "in the Table's order (sepal length, largest first)" sorted
ok "the first row is the longest sepal" \
    test "$(sed -n 2p "$tmp/vir.csv")" = "132,7.9,3.8,6.4,2.0,virginica"

run datasets/iris.csv -- "<C-s>$tmp/vir.csv<Enter>"
ok "Ctrl-S asks for the file: an existing one is refused" \
    grep -q "already exists (:save! replaces it)" "$tmp/screen"
ok "and left as it was" test "$(wc -l <"$tmp/vir.csv")" -eq 51
run datasets/iris.csv -- ":save!<Space>$tmp/vir.csv<Enter>"
ok ":save! replaces it: all 150 rows" \
    test "$(wc -l <"$tmp/vir.csv")" -eq 151
HOME=$tmp run datasets/iris.csv -- ":save<Space>~/home.csv<Enter>"
ok ":save expands ~ as :w does" test "$(wc -l <"$tmp/home.csv")" -eq 151
cp datasets/iris.csv "$tmp/iris.csv"
run "$tmp/iris.csv" -- ":save!<Space>$tmp/iris.csv<Enter>"
ok "never over the dataset, even with !" \
    grep -q "the dataset" "$tmp/screen"
ok "which is unchanged" cmp -s datasets/iris.csv "$tmp/iris.csv"

# ---- :save from a cell of the confusion grid ------------------------
# (the grid puts the cell with most rows first: setosa > virginica)
run tests/data/iris-noisy.csv --threads 1 --journal "$tmp/j" -- \
    "p c <Enter> :save<Space>$tmp/cell.csv<Enter>"
ok "the grid cell setosa > virginica: 3 flagged rows saved" \
    grep -q "saved 3 flagged rows to $tmp/cell.csv" "$tmp/screen"
# the rows as the cell's list shows them, top to bottom
shown=$(awk '$2 == "setosa" && $3 == "virginica" && $1 ~ /^[0-9]+$/ {
    printf "%s ", $1 }' "$tmp/screen")
ok "in the Flagged view's order" test "$(cut -d, -f1 "$tmp/cell.csv" | \
    tr '\n' ' ')" = "id $shown"
ok "a field with a comma is quoted" \
    grep -q '^147,6.3,2.5,5.0,1.9,"sepal 6.3 by 2.5 cm, petal 5.0 by 1.9 cm",setosa$' \
    "$tmp/cell.csv"
run tests/data/iris-noisy.csv --threads 1 --journal "$tmp/j2" -- \
    ":save!<Space>$tmp/j2<Enter>"
ok "never where the journal is to be, made or not" \
    grep -q "(the journal)" "$tmp/screen"
ok "so nothing is written there" test ! -e "$tmp/j2"
run tests/data/iris-noisy.csv --threads 1 --journal "$tmp/j" -- \
    "p :save!<Space>$tmp/j<Enter>"
ok "nor over the open journal" grep -q "(the journal)" "$tmp/screen"
ok "which still is one" grep -q "^winnow-journal" "$tmp/j"

# ---- the Flagged view lists rows in the review queue's order ---------
# cars with every 7th label moved to the next class: many flagged rows
# have the same q on a card (two decimals), and among them the surest
# suggestion comes first, then the lower row, as the default queue takes
# them; Enter on the first row opens the queue's first card
awk -F, -v OFS=, 'NR > 1 && NR % 7 == 0 {
    $10 = $10 == "USA" ? "Japan" : $10 == "Japan" ? "Europe" : "USA" }
    { print }' datasets/cars.csv >"$tmp/cars7.csv"
run "$tmp/cars7.csv" --label label --threads 1 --journal "$tmp/jf" -- \
    "p :save<Space>$tmp/fl.csv<Enter>"
$WINNOW pico "$tmp/cars7.csv" --label label --threads 1 \
    --out "$tmp/fp.csv" 2>/dev/null
# the queue's order from the per-row results: q to two decimals up,
# p(suggested) down, row up
awk -F, 'NR > 1 && $7 == 1 { printf "%d %.6f %d %s\n",
    int($5 * 100 + 0.5), 1 - $4, NR - 1, $1 }' "$tmp/fp.csv" |
    sort -k1,1n -k2,2n -k3,3n | cut -d' ' -f4 >"$tmp/want"
tail -n +2 "$tmp/fl.csv" | cut -d, -f1 >"$tmp/got"
ok "flagged rows that share a q on the card" \
    test "$(awk -F, 'NR > 1 && $7 == 1 { print int($5 * 100 + 0.5) }' \
    "$tmp/fp.csv" | sort | uniq -d | wc -l)" -gt 0
ok "the Flagged view lists every flagged row" \
    test "$(wc -l <"$tmp/got")" -eq "$(wc -l <"$tmp/want")" -a -s "$tmp/got"
ok "in the queue's order" cmp -s "$tmp/want" "$tmp/got"
run "$tmp/cars7.csv" --label label --threads 1 --journal "$tmp/jf2" -- \
    "p <Enter>"
ok "Enter on its first row opens the queue's first card" \
    grep -q "row $(head -1 "$tmp/want") .* 1 of [0-9]* in the queue" \
    "$tmp/screen"

# ---- a sort of many rows, in the background --------------------------
# 60,000 rows (more than the Table sorts at once): x = i*7919 mod 60000
# takes every value once, so largest first is 59999, 59998, ...
awk 'BEGIN { print "id,x"; for (i = 1; i <= 60000; i++)
    print i "," (i * 7919) % 60000 }' >"$tmp/big.csv"
run "$tmp/big.csv" -- "2 l ]"
ok "a big sort says what it sorted by" grep -q "sorted by x (largest first)" \
    "$tmp/screen"
# 7919 * i = 59999 (mod 60000) for i = 22321, 59998 for i = 44642
ok "the largest value first" grep -q "^22321 │ 22321 59999$" "$tmp/screen"
ok "and then the next" grep -q "^44642 │ 44642 59998$" "$tmp/screen"

# ---- n and N everywhere ----------------------------------------------
run datasets/iris.csv -- "n"
ok "n with nothing searched yet says so" \
    grep -q "no search yet: / searches the current column" "$tmp/screen"
ok "and stays on the Overview" grep -q "sorted by file order" "$tmp/screen"
run datasets/iris.csv -- "g/^virginica<Enter> 1 n n"
# the search shows row 101, the first virginica; n n from the Overview
ok "after a search, n on the Overview goes on in the Table" \
    grep -q "row 103 of 150" "$tmp/screen"
ok "the rows stay (a search is no filter)" grep -q "all 150 rows" \
    "$tmp/screen"

done_testing
