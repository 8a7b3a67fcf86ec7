#!/bin/sh
# t0220-formats-cli - JSON Lines and compressed files end to end: stats,
# pico and the workbench read them as they read CSV; bad lines, files
# that are not text and damaged streams are errors that say where.
cd "$SRCDIR" || exit 1
. tests/lib.sh
need zstd "zstd (the command) makes the test's zstd files"

f8=datasets/fortunes8.csv
j8=datasets/fortunes8.jsonl

# --- JSON Lines reads like the CSV it was made from --------------------
ok "stats of the bundled JSON Lines: exit 0" status 0 "$tmp/j" "$tmp/e" \
	stats $j8 --label label --id meta.id
ok "its header line" contains "$tmp/j" \
	"datasets/fortunes8.jsonl: full data: 3,154 rows, 3 columns"
ok "meta.id is an int column, the id" has "$tmp/j" '^meta\.id  *int  *3,154 .* id$'
"$WINNOW" stats $f8 --label label --id id >"$tmp/c" 2>/dev/null
sed 's/meta\.id/id     /; s/fortunes8\.jsonl/fortunes8.csv/' "$tmp/j" >"$tmp/j2"
ok "the same figures as the CSV it was made from" cmp "$tmp/c" "$tmp/j2"
ok "--json works on it" status 0 "$tmp/jj" "$tmp/e" stats $j8 --json --label label
ok "... and names the nested column" json "$tmp/jj" \
	'grep { $_->{name} eq "meta.id" && $_->{type} eq "int" } @{$j->{stats}}'

# a label under an object
cat >"$tmp/nested.jsonl" <<'EOF'
{"text": "cheap pills", "meta": {"label": "spam", "source": "a"}}
{"text": "lunch at noon?", "meta": {"label": "ham", "source": "b"}}
{"text": "win money now", "meta": {"label": "spam", "source": "a"}}
{"text": "see you soon", "meta": {"label": "ham", "source": "b"}, "tags": ["x", 1]}
EOF
ok "--label meta.label" status 0 "$tmp/o" "$tmp/e" stats "$tmp/nested.jsonl" \
	--label meta.label
ok "the classes are read from it" has "$tmp/o" \
	"^label column 'meta.label': 2 classes, 4 labelled rows"
ok "an array is a cell of JSON text" contains "$tmp/o" "'[\"x\", 1]'"
ok "pico runs on JSON Lines" status 0 "$tmp/o" "$tmp/e" pico $j8 \
	--label label --id meta.id --out "$tmp/flags.jsonl" --quiet
ok "... its results as JSON Lines by the name" perl -MJSON::PP -ne \
	'decode_json($_)->{id} or die;' "$tmp/flags.jsonl"
ok "... a line per row" test "$(wc -l <"$tmp/flags.jsonl")" -eq 3154
perl -MJSON::PP -ne '$j = decode_json($_); $n++ if $j->{flagged};
    $k++ if $j->{id} =~ /^\d+$/ && exists $j->{suggested}
    && $j->{quality} >= 0 && $j->{quality} <= 1; END { print "$n $k\n" }' \
    "$tmp/flags.jsonl" >"$tmp/counts"
ok "... each line an object with the row's fields, some rows flagged" \
	has "$tmp/counts" '^[1-9][0-9]* 3154$'
ok "pico refuses a compressed --out name" status 64 "$tmp/o" "$tmp/e" pico \
	$j8 --label label --out "$tmp/flags.jsonl.gz"

# --- the format from the content ---------------------------------------
cp "$tmp/nested.jsonl" "$tmp/nested.txt"
ok "JSON Lines named .txt is told by its first line" status 0 "$tmp/o" \
	"$tmp/e" stats "$tmp/nested.txt" --label meta.label
printf '{not json},b\n1,2\n' >"$tmp/brace.csv"
ok "a CSV whose header starts with { stays CSV" status 0 "$tmp/o" "$tmp/e" \
	stats "$tmp/brace.csv"
ok "... two columns" contains "$tmp/o" "1 row, 2 columns"
printf '[{"a": 1}, {"a": 2}]\n' >"$tmp/array.json"
ok "a JSON array file: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/array.json"
ok "... with the way to convert it" contains "$tmp/e" "jq -c '.[]'"

# --- bad lines ---------------------------------------------------------
printf '{"a": 1}\n{"a": 2,}\n{"a": 3}\n' >"$tmp/bad.jsonl"
ok "a line that is not JSON: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/bad.jsonl"
ok "... file:line:col and jansson's reason" contains "$tmp/e" \
	"bad.jsonl:2:9: not a JSON object: string or '}' expected near '}'"
printf '{"a": 1, "a": 2}\n' >"$tmp/dup.jsonl"
ok "a duplicate key: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/dup.jsonl"
ok "... named" contains "$tmp/e" "dup.jsonl:1:12: not a JSON object: duplicate object key"
printf '{"a": 1}\n[1, 2]\n"x"\n{"a": 2}\n' >"$tmp/mixed.jsonl"
ok "--ragged skip skips the lines that are no objects" status 0 "$tmp/o" \
	"$tmp/e" stats "$tmp/mixed.jsonl" --ragged skip
ok "... counts them" contains "$tmp/e" \
	"2 lines were not JSON objects and were skipped (the first, line 2, col 1"
ok "... and keeps the rest" contains "$tmp/o" "2 rows, 1 column"
ok "--ragged pad is refused for JSON Lines" status 64 "$tmp/o" "$tmp/e" \
	stats "$tmp/mixed.jsonl" --ragged pad

# --- files that are not text -------------------------------------------
printf '{"a": 1}\n{"a": 2}\n' | iconv -f UTF-8 -t UTF-16 >"$tmp/u16.jsonl"
ok "UTF-16: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/u16.jsonl"
ok "... named as UTF-16" has "$tmp/e" "u16.jsonl: byte 0: UTF-16[LB]E text"
head -c 3000 "$WINNOW" >"$tmp/bin.jsonl"
ok "a binary file: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/bin.jsonl"
ok "... named as such" has "$tmp/e" "bin.jsonl: byte 0: an executable (ELF), not JSON Lines text"

# --- compressed input --------------------------------------------------
iris=datasets/iris.csv
gzip -c $iris >"$tmp/iris.csv.gz"
zstd -q -c $iris >"$tmp/iris.csv.zst"
gzip -c $j8 >"$tmp/f8.jsonl.gz"
zstd -q -c $j8 >"$tmp/f8.jsonl.zst"
"$WINNOW" stats $iris --label label | tail -n +2 >"$tmp/plain"
for z in gz zst; do
	ok "iris.csv.$z: exit 0" status 0 "$tmp/o" "$tmp/e" stats "$tmp/iris.csv.$z" --label label
	tail -n +2 "$tmp/o" >"$tmp/o2"
	ok "iris.csv.$z: the figures of the plain file" cmp "$tmp/plain" "$tmp/o2"
	ok "f8.jsonl.$z: exit 0" status 0 "$tmp/o" "$tmp/e" stats "$tmp/f8.jsonl.$z" --label label --id meta.id
	tail -n +2 "$tmp/o" >"$tmp/o2"
	tail -n +2 "$tmp/j" >"$tmp/j3"
	ok "f8.jsonl.$z: the figures of the plain file" cmp "$tmp/j3" "$tmp/o2"
done
cp "$tmp/f8.jsonl.gz" "$tmp/f8.data"
ok "compression and format told by the content alone" status 0 "$tmp/o" "$tmp/e" \
	stats "$tmp/f8.data" --label label --id meta.id
ok "... as JSON Lines" contains "$tmp/o" "3,154 rows, 3 columns"
gzip -c $iris | "$WINNOW" stats - --label label >"$tmp/o" 2>"$tmp/e"
tail -n +2 "$tmp/o" >"$tmp/o2"
ok "gzip on standard input" cmp "$tmp/plain" "$tmp/o2"
zstd -q -c $j8 | "$WINNOW" stats - --label label --id meta.id >"$tmp/o" 2>"$tmp/e"
tail -n +2 "$tmp/o" >"$tmp/o2"
ok "zstd JSON Lines on standard input" cmp "$tmp/j3" "$tmp/o2"

# damaged streams: where it went wrong, in compressed bytes
size=$(wc -c <"$tmp/f8.jsonl.gz")
head -c 100000 "$tmp/f8.jsonl.gz" >"$tmp/cut.jsonl.gz"
ok "a truncated gzip file: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/cut.jsonl.gz"
ok "... naming the byte where it ends" contains "$tmp/e" \
	"cut.jsonl.gz: byte 100000: the gzip stream ends early (the file is cut short)"
head -c 100000 "$tmp/f8.jsonl.zst" >"$tmp/cut.jsonl.zst"
ok "a truncated zstd file: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/cut.jsonl.zst"
ok "... naming the byte where it ends" contains "$tmp/e" \
	"cut.jsonl.zst: byte 100000: the zstd stream ends early"
head -c 700 "$tmp/iris.csv.gz" >"$tmp/cut.csv.gz"
ok "a truncated gzip CSV: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/cut.csv.gz"
ok "... naming the byte" contains "$tmp/e" "cut.csv.gz: byte 700: the gzip stream ends early"
perl -e 'open F, "<", $ARGV[0]; binmode F; local $/; $d = <F>;
    substr($d, 5000, 1) = chr(ord(substr($d, 5000, 1)) ^ 0x55); print $d' \
    "$tmp/f8.jsonl.gz" >"$tmp/bad.jsonl.gz"
ok "corrupt gzip data: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/bad.jsonl.gz"
ok "... said so, with a byte offset" has "$tmp/e" \
	"bad.jsonl.gz: byte [0-9]*: corrupt gzip data"
# damage that decompresses to wrong bytes shows only in the checksum at
# the stream's end, after the loader met the bytes as bad data: the
# content of a file with a bad record under the checksum of the good one
# is a damaged stream, not a bad record
sed '3s/.*/{"meta": tru}/' $j8 >"$tmp/badline.jsonl"
awk 'NR == 40 { print "5.1,3.5"; next } { print }' $iris >"$tmp/badrow.csv"
for z in gz zst; do
	[ $z = gz ] && { zc="gzip -c"; at=8; name=gzip; } ||
	    { zc="zstd -q --check -c"; at=4; name=zstd; }
	$zc "$tmp/badline.jsonl" >"$tmp/bl.jsonl.$z"
	$zc "$tmp/badrow.csv" >"$tmp/br.csv.$z"
	splice_sum "$tmp/bl.jsonl.$z" "$tmp/f8.jsonl.$z" $at >"$tmp/sum.jsonl.$z"
	splice_sum "$tmp/br.csv.$z" "$tmp/iris.csv.$z" $at >"$tmp/sum.csv.$z"
	ok "a $name JSON Lines file whose checksum fails: exit 65" \
	    status 65 "$tmp/o" "$tmp/e" stats "$tmp/sum.jsonl.$z"
	ok "... the damage named, not the line it garbled" has "$tmp/e" \
	    "sum.jsonl.$z: byte [0-9]*: corrupt $name data"
	ok "a $name CSV file whose checksum fails: exit 65" \
	    status 65 "$tmp/o" "$tmp/e" stats "$tmp/sum.csv.$z"
	ok "... the damage named, not the row it garbled" has "$tmp/e" \
	    "sum.csv.$z: byte [0-9]*: corrupt $name data"
	ok "... while the bad data alone is named where it is" \
	    status 65 "$tmp/o" "$tmp/e" stats "$tmp/br.csv.$z"
	ok "... at its line" has "$tmp/e" "br.csv.$z:40:"
done
{ cat "$tmp/iris.csv.gz"; printf 'junk'; } >"$tmp/tail.csv.gz"
ok "bytes after the gzip stream: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/tail.csv.gz"
ok "... at the byte where they start" contains "$tmp/e" \
	"tail.csv.gz: byte $(wc -c <"$tmp/iris.csv.gz"): bytes after the end of the gzip stream"
cat "$tmp/iris.csv.gz" "$tmp/iris.csv.gz" >"$tmp/two.csv.gz"
ok "concatenated gzip members are one stream" status 0 "$tmp/o" "$tmp/e" \
	stats "$tmp/two.csv.gz"
ok "... all of both" contains "$tmp/o" "301 rows"
[ "$size" -gt 100000 ]
ok "the cut files were cut" test $? -eq 0

# --- the workbench -----------------------------------------------------
printf '2\n' >"$tmp/keys"
ok "the workbench opens JSON Lines" status 0 "$tmp/o" "$tmp/e" \
	$j8 --label label --headless 80x24 --keys "$tmp/keys"
ok "... its Table shows the nested column" has "$tmp/o" '# label  *meta\.id text'
printf '2\n' >"$tmp/keys"
ok "... and compressed CSV" status 0 "$tmp/o" "$tmp/e" \
	"$tmp/iris.csv.zst" --label label --headless 80x24 --keys "$tmp/keys"
ok "... all its rows" contains "$tmp/o" "all 150 rows"

done_testing
