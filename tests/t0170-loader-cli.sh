#!/bin/sh
# The loader's refusals and options from the command line: text after a
# closing quote (--lax-quotes), a repeated header (--drop-repeated-header)
# in winnow stats, pico, export and the workbench; UTF-16 and binary
# files; an input that changed before export writes; a file without its
# header line (a warning, once); counts in the loader's warnings.
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
ok "gzip data named .csv is read through gzip" \
    status 0 "$tmp/out" "$tmp/err" stats "$tmp/z.csv"
ok "all of it" has "$tmp/out" "150 rows"
printf 'PK\003\004\024\000\010\000' >"$tmp/zip.csv"
ok "a zip archive is bad data" \
    status 65 "$tmp/out" "$tmp/err" stats "$tmp/zip.csv"
ok "and says so" has "$tmp/err" "zip.csv: byte 0: a zip archive"
ok "the workbench refuses it too" \
    status 65 "$tmp/out" "$tmp/err" "$tmp/zip.csv" --headless 80x24 \
    --keys "$tmp/none.keys"

# --- a file without its header line -------------------------------------
sed 1d datasets/iris.csv >"$tmp/nohead.csv"
ok "stats: a headless file loads" status 0 "$tmp/out" "$tmp/err" stats "$tmp/nohead.csv"
ok "... with a warning that its first line reads like data" has "$tmp/err" \
    "^winnow: warning: .*nohead.csv:1: the first line reads like data, not column names"
ok "... and the --no-header hint" has "$tmp/err" "if the file has no header line, --no-header reads it as a row"
ok "--no-header: no warning" status 0 "$tmp/out" "$tmp/err" stats "$tmp/nohead.csv" --no-header
ok "... all 150 rows" has "$tmp/out" "full data: 150 rows"
ok "... and not a word" test ! -s "$tmp/err"
ok "a real header: no warning" status 0 "$tmp/out" "$tmp/err" stats datasets/iris.csv
ok "... not a word" test ! -s "$tmp/err"
{ i=0; while [ $i -lt 400 ]; do sed 1d datasets/cars.csv; i=$((i + 1)); done; } >"$tmp/nohead2.csv"
ok "streamed in chunks: exit 0" status 0 "$tmp/out" "$tmp/err" stats "$tmp/nohead2.csv" --memory 1M
ok "... the warning once, not per chunk" test "$(grep -c 'reads like data' "$tmp/err")" -eq 1
ok "pico warns too" status 0 "$tmp/out" "$tmp/err" pico "$tmp/nohead.csv" --label setosa --quiet
ok "... through the same sink" has "$tmp/err" "nohead.csv:1: the first line reads like data"

# --- counts in the loader's words ----------------------------------------
printf 'a,b,c\n1,2,3\n4,5\n6,7,8\n' >"$tmp/rag1.csv"
ok "one ragged row padded" status 0 "$tmp/out" "$tmp/err" stats "$tmp/rag1.csv" --ragged pad
ok "... 1 row had ... and was padded" has "$tmp/err" "rag1.csv: 1 row had the wrong number of fields and was padded or cut"
printf 'a,b,c\n1,2,3\n4,5\n6,7\n' >"$tmp/rag2.csv"
ok "two skipped" status 0 "$tmp/out" "$tmp/err" stats "$tmp/rag2.csv" --ragged skip
ok "... 2 rows had ... and were skipped" has "$tmp/err" "rag2.csv: 2 rows had the wrong number of fields and were skipped"

done_testing
