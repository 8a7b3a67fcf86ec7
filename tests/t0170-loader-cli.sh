#!/bin/sh
# The loader's refusals and options from the command line: text after a
# closing quote (--lax-quotes), a repeated header (--drop-repeated-header)
# in winnow stats, pico, export and the workbench; UTF-16 and binary
# files; an input that changed before export writes.
cd "$SRCDIR" || exit 1
. tests/lib.sh
JT=$BUILD/tests/jtool

# --- text after a closing quote -------------------------------------
q=$tmp/q.csv
sed '61s/,versicolor/,"versicolor"x/' datasets/iris.csv >"$q"
ok "stats: text after a closing quote is bad data" \
    status 65 "$tmp/out" "$tmp/err" stats "$q"
ok "the message names file:line:col" has "$tmp/err" "q.csv:61:32: text after the closing quote"
ok "stats --lax-quotes loads it" \
    status 0 "$tmp/out" "$tmp/err" stats "$q" --lax-quotes --quiet --json
ok "with a warning naming the line" has "$tmp/err" \
    "q.csv:61:32: text after the closing quote of a field, read as part"
ok "the field is versicolorx" json "$tmp/out" \
    'grep { $_->{value} eq "versicolorx" } @{$j->{stats}[5]{top}}'
ok "pico: bad data too" \
    status 65 "$tmp/out" "$tmp/err" pico "$q" --label label --quiet
ok "pico --lax-quotes runs" \
    status 0 "$tmp/out" "$tmp/err" pico "$q" --label label --quiet \
    --lax-quotes
"$JT" create "$q" "$q.winnow/journal" label >/dev/null 2>&1
ok "export: bad data too" \
    status 65 "$tmp/out" "$tmp/err" export "$q" --out "$tmp/qc.csv" --quiet
ok "and nothing written" test ! -e "$tmp/qc.csv"
ok "export --lax-quotes copies it" \
    status 0 "$tmp/out" "$tmp/err" export "$q" --out "$tmp/qc.csv" \
    --quiet --lax-quotes
ok "byte for byte" cmp "$q" "$tmp/qc.csv"
: >"$tmp/none.keys"
cp "$q" "$tmp/w.csv"	# no journal: the status line keeps the warning
ok "the workbench refuses it" \
    status 65 "$tmp/out" "$tmp/err" "$tmp/w.csv" --headless 80x24 --keys \
    "$tmp/none.keys"
ok "the workbench with --lax-quotes shows the warning" \
    status 0 "$tmp/out" "$tmp/err" "$tmp/w.csv" --headless 80x24 --keys \
    "$tmp/none.keys" --lax-quotes
ok "in its status line" has "$tmp/out" "w.csv:61:32: text after the"

# --- a repeated header ------------------------------------------------
h=$tmp/h.csv
{
	sed -n '1,80p' datasets/iris.csv
	head -1 datasets/iris.csv
	sed -n '81,151p' datasets/iris.csv
} >"$h"
ok "stats: a repeated header loads" \
    status 0 "$tmp/out" "$tmp/err" stats "$h" --quiet
ok "with a warning naming its line" has "$tmp/err" \
    "h.csv:81: the header line again, read as a data row"
ok "stats --drop-repeated-header drops it" \
    status 0 "$tmp/out" "$tmp/err" stats "$h" --quiet --json \
    --drop-repeated-header
ok "150 rows, ids and lengths numbers" json "$tmp/out" \
    '$j->{rows} == 150 && $j->{stats}[0]{type} eq "int" &&
    $j->{stats}[1]{type} eq "float"'
ok "the warning says dropped" has "$tmp/err" "h.csv:81: the header line again; dropped"
"$JT" create "$h" "$h.winnow/journal" label >/dev/null 2>&1
"$JT" add "$h.winnow/journal" ann relabel 80 virginica versicolor \
    >/dev/null 2>&1
"$JT" add "$h.winnow/journal" ann relabel 81 virginica versicolor \
    >/dev/null 2>&1
ok "export --drop-repeated-header" \
    status 0 "$tmp/out" "$tmp/err" export "$h" --out "$tmp/hc.csv" \
    --quiet --drop-repeated-header
ok "relabels rows 80 and 81, after the header line" sh -c "
    sed -n '81,83p' '$tmp/hc.csv' | tr -d '\r' | tr '\n' '|' | grep -qxF \
    'id,sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),label|80,5.7,2.6,3.5,1.0,virginica|81,5.5,2.4,3.8,1.1,virginica|'"
ok "every other byte the same" sh -c "
    diff '$h' '$tmp/hc.csv' | grep -c '^<' | grep -qx 2"

# --- not CSV text -----------------------------------------------------
printf '\377\376i\000d\000,\000x\000\n\0001\000,\0002\000\n\000' >"$tmp/u.csv"
ok "UTF-16 is bad data" status 65 "$tmp/out" "$tmp/err" stats "$tmp/u.csv"
ok "and says UTF-16, at byte 0" has "$tmp/err" "u.csv: byte 0: UTF-16LE text"
gzip -c datasets/iris.csv >"$tmp/z.csv"
ok "a compressed file is bad data" \
    status 65 "$tmp/out" "$tmp/err" stats "$tmp/z.csv"
ok "and says so" has "$tmp/err" "z.csv: byte 0: a gzip-compressed file"
ok "the workbench refuses it too" \
    status 65 "$tmp/out" "$tmp/err" "$tmp/z.csv" --headless 80x24 \
    --keys "$tmp/none.keys"

done_testing
