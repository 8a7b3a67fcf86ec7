#!/bin/sh
# t4080-export-formats - `winnow export` keeps the input's format: a
# JSON Lines file gets only its decided labels rewritten, byte for byte
# otherwise; a gzip or zstd file comes out compressed the same way; and
# --decisions writes the journal as JSON Lines.  Journals are made with
# $BUILD/tests/jtool.
cd "$SRCDIR" || exit 1
. tests/lib.sh
need zstd "zstd (the command) makes and reads the test's zstd files"
JT=$BUILD/tests/jtool

# --- a round trip without decisions is the input, byte for byte --------
cp datasets/fortunes8.jsonl "$tmp/f8.jsonl"
"$JT" create "$tmp/f8.jsonl" "$tmp/f8.jsonl.winnow/journal" label meta.id
ok "an empty journal: exit 0" status 0 "$tmp/o" "$tmp/e" export \
	"$tmp/f8.jsonl" --out "$tmp/c0.jsonl"
ok "... the output is the input" cmp "$tmp/f8.jsonl" "$tmp/c0.jsonl"

# a file with every kind of line: a BOM, CRLF, blank lines, spacing,
# escapes, a number, a bool, null and missing labels, nested ones, no
# final newline
printf '\357\273\277{"id": "a", "text": "caf\\u00e9", "label": "pos"}\r\n' >"$tmp/d.jsonl"
printf '\n' >>"$tmp/d.jsonl"
printf '{ "id" : "b" , "label" : 3 }\n' >>"$tmp/d.jsonl"
printf '{"id":"c","text":"no label"}\n' >>"$tmp/d.jsonl"
printf '{"id":"d","label":null,"x":[1, {"y": 2}]}\n' >>"$tmp/d.jsonl"
printf '{"id":"e","label":"neg","tail":true}\n' >>"$tmp/d.jsonl"
printf '   \n' >>"$tmp/d.jsonl"
printf '{"id":"f","label":"\\u0070os"}\n' >>"$tmp/d.jsonl"
printf '{"id":"g","label":"neg"}' >>"$tmp/d.jsonl"
J=$tmp/d.jsonl.winnow/journal
"$JT" create "$tmp/d.jsonl" "$J" label id
ok "the mixed file, an empty journal" status 0 "$tmp/o" "$tmp/e" export \
	"$tmp/d.jsonl" --out "$tmp/d0.jsonl"
ok "... is copied byte for byte" cmp "$tmp/d.jsonl" "$tmp/d0.jsonl"

"$JT" add "$J" ann relabel a neg pos
"$JT" add "$J" ann relabel b 4 3
"$JT" add "$J" ann relabel c 'say "hi"' -
"$JT" add "$J" ann relabel d pos -
"$JT" add "$J" ann reject e pos neg
"$JT" add "$J" ann relabel f neg pos
"$JT" add "$J" ann drop g - neg
ok "relabels: exit 0" status 0 "$tmp/o" "$tmp/e" export "$tmp/d.jsonl" \
	--out "$tmp/d1.jsonl"
ok "... the summary" contains "$tmp/o" "7 of 7 rows, 5 relabelled, 0 dropped"
printf '\357\273\277{"id": "a", "text": "caf\\u00e9", "label": "neg"}\r\n' >"$tmp/want"
printf '\n' >>"$tmp/want"
printf '{ "id" : "b" , "label" : 4 }\n' >>"$tmp/want"
printf '{"id":"c","text":"no label","label":"say \\"hi\\""}\n' >>"$tmp/want"
printf '{"id":"d","label":"pos","x":[1, {"y": 2}]}\n' >>"$tmp/want"
printf '{"id":"e","label":"neg","tail":true}\n' >>"$tmp/want"
printf '   \n' >>"$tmp/want"
printf '{"id":"f","label":"neg"}\n' >>"$tmp/want"
printf '{"id":"g","label":"neg"}' >>"$tmp/want"
ok "... only the label values change; a missing one is added" \
	cmp "$tmp/want" "$tmp/d1.jsonl"
ok "--drop-excluded: exit 0" status 0 "$tmp/o" "$tmp/e" export \
	"$tmp/d.jsonl" --out "$tmp/d2.jsonl" --drop-excluded
head -c -24 "$tmp/want" >"$tmp/want2"
ok "... the dropped row's line is gone" cmp "$tmp/want2" "$tmp/d2.jsonl"
ok "--add-columns: exit 0" status 0 "$tmp/o" "$tmp/e" export \
	"$tmp/d.jsonl" --out "$tmp/d3.jsonl" --add-columns label_source,original_label
sed -n 3p "$tmp/d3.jsonl" >"$tmp/l3"
printf '{ "id" : "b" , "label" : 4 , "label_source" : "relabelled" , "original_label" : 3 }\n' >"$tmp/w3"
ok "... members added to each object, spaced as the line" cmp "$tmp/w3" "$tmp/l3"
sed -n 4p "$tmp/d3.jsonl" >"$tmp/l4"
printf '{"id":"c","text":"no label","label":"say \\"hi\\"","label_source":"relabelled","original_label":null}\n' >"$tmp/w4"
ok "... a label that was missing: original null" cmp "$tmp/w4" "$tmp/l4"
ok "... every row is still one JSON object" perl -MJSON::PP -ne \
	's/^\xef\xbb\xbf//; next unless /\S/; decode_json($_);' "$tmp/d3.jsonl"

# nested labels: the key path is kept, and made where it is missing
printf '{"t":"x","meta":{"label":"a","src":1}}\n{"t":"y","meta":{"src":2}}\n{"t":"z"}\n{"t":"w","meta":{}}\n' >"$tmp/n.jsonl"
"$JT" create "$tmp/n.jsonl" "$tmp/n.jsonl.winnow/journal" meta.label
for k in 1 2 3 4; do
	"$JT" add "$tmp/n.jsonl.winnow/journal" ann relabel $k b -
done
ok "nested label: exit 0" status 0 "$tmp/o" "$tmp/e" export "$tmp/n.jsonl" \
	--out "$tmp/n1.jsonl" --force
printf '{"t":"x","meta":{"label":"b","src":1}}\n{"t":"y","meta":{"src":2,"label":"b"}}\n{"t":"z","meta":{"label":"b"}}\n{"t":"w","meta":{"label":"b"}}\n' >"$tmp/nw"
ok "... replaced, added inside meta, added with meta" cmp "$tmp/nw" "$tmp/n1.jsonl"
printf '{"t":"x","meta":"flat"}\n{"t":"y","meta":{"label":"a"}}\n' >"$tmp/blocked.jsonl"
"$JT" create "$tmp/blocked.jsonl" "$tmp/blocked.jsonl.winnow/journal" meta.label
"$JT" add "$tmp/blocked.jsonl.winnow/journal" ann relabel 1 b -
ok "a label under a string: exit 65" status 65 "$tmp/o" "$tmp/e" export \
	"$tmp/blocked.jsonl" --out "$tmp/b1.jsonl"
ok "... says why" contains "$tmp/e" \
	"blocked.jsonl:1:17: 'meta' holds a string, not an object: the label meta.label cannot go under it"
ok "... and writes nothing" test ! -e "$tmp/b1.jsonl"

# --- compressed files come out compressed the same way -----------------
cp datasets/iris.csv "$tmp/iris.csv"
gzip -c "$tmp/iris.csv" >"$tmp/iris.csv.gz"
zstd -q -c "$tmp/iris.csv" >"$tmp/iris.csv.zst"
gzip -c "$tmp/d.jsonl" >"$tmp/d.jsonl.gz"
zstd -q -c "$tmp/d.jsonl" >"$tmp/d.jsonl.zst"
for z in gz zst; do
	[ $z = gz ] && cat=zcat || cat=zstdcat
	"$JT" create "$tmp/iris.csv.$z" "$tmp/iris.csv.$z.winnow/journal" label id
	ok "iris.csv.$z, an empty journal: exit 0" status 0 "$tmp/o" "$tmp/e" \
		export "$tmp/iris.csv.$z" --out "$tmp/c.csv.$z"
	ok "... the output is $z" sh -c "$cat '$tmp/c.csv.$z' >'$tmp/plain'"
	ok "... and decompresses to the input, byte for byte" cmp "$tmp/iris.csv" "$tmp/plain"
	"$JT" add "$tmp/iris.csv.$z.winnow/journal" ann relabel 7 virginica setosa
	ok "iris.csv.$z, a relabel" status 0 "$tmp/o" "$tmp/e" \
		export "$tmp/iris.csv.$z" --out "$tmp/c2.csv.$z"
	$cat "$tmp/c2.csv.$z" >"$tmp/plain"
	perl -pe 's/setosa\r$/virginica\r/ if $. == 8' "$tmp/iris.csv" \
	    >"$tmp/iris-want.csv"
	ok "... only that label changes" cmp "$tmp/iris-want.csv" "$tmp/plain"
	"$JT" create "$tmp/d.jsonl.$z" "$tmp/d.jsonl.$z.winnow/journal" label id
	"$JT" add "$tmp/d.jsonl.$z.winnow/journal" ann relabel a neg pos
	"$JT" add "$tmp/d.jsonl.$z.winnow/journal" ann relabel b 4 3
	"$JT" add "$tmp/d.jsonl.$z.winnow/journal" ann relabel c 'say "hi"' -
	"$JT" add "$tmp/d.jsonl.$z.winnow/journal" ann relabel d pos -
	"$JT" add "$tmp/d.jsonl.$z.winnow/journal" ann relabel f neg pos
	ok "d.jsonl.$z, relabels" status 0 "$tmp/o" "$tmp/e" \
		export "$tmp/d.jsonl.$z" --out "$tmp/d1.jsonl.$z"
	$cat "$tmp/d1.jsonl.$z" >"$tmp/plain"
	ok "... as the plain file's export, byte for byte" cmp "$tmp/want" "$tmp/plain"
done
ok "a plain name for a gzip input: exit 64" status 64 "$tmp/o" "$tmp/e" \
	export "$tmp/iris.csv.gz" --out "$tmp/c.csv"
ok "... with the name to use" contains "$tmp/e" \
	"c.csv: the input is gzip-compressed, and so is its cleaned copy: name it $tmp/c.csv.gz"
ok "... and nothing written" test ! -e "$tmp/c.csv"
"$JT" create "$tmp/iris.csv" "$tmp/iris.csv.winnow/journal" label id
ok "a .gz name for a plain input: exit 64" status 64 "$tmp/o" "$tmp/e" \
	export "$tmp/iris.csv" --out "$tmp/c9.csv.gz"

# --- the decisions as JSON Lines ---------------------------------------
"$JT" add "$J" bob flag a
"$JT" add "$J" bob relabel b 5 3
"$JT" undo "$J"
ok "--decisions alone: exit 0" status 0 "$tmp/o" "$tmp/e" export \
	"$tmp/d.jsonl" --decisions "$tmp/dec.jsonl"
ok "... says how many" contains "$tmp/o" "wrote $tmp/dec.jsonl: 8 decisions"
ok "... one line each" test "$(wc -l <"$tmp/dec.jsonl")" -eq 8
perl -MJSON::PP -ne 'my $j = decode_json($_);
    print join("|", map { defined $j->{$_} ? $j->{$_} : "null" }
    qw(seq key action old_label new_label reviewer note round posterior)),
    "|", ($j->{final} ? "final" : "-"), "\n";' "$tmp/dec.jsonl" >"$tmp/dec.txt"
cat >"$tmp/dec.want" <<'EOF'
1|a|relabel|pos|neg|ann|null|null|null|final
2|b|relabel|3|4|ann|null|null|null|final
3|c|relabel|null|say "hi"|ann|null|null|null|final
4|d|relabel|null|pos|ann|null|null|null|final
5|e|reject|neg|null|ann|null|null|null|final
6|f|relabel|pos|neg|ann|null|null|null|final
7|g|drop|neg|null|ann|null|null|null|final
8|a|flag|null|null|bob|null|null|null|-
EOF
ok "... key, old and new label, action, reviewer; undone lines left out" \
	cmp "$tmp/dec.want" "$tmp/dec.txt"
ok "... a reject names the refused suggestion" contains "$tmp/dec.jsonl" \
	'"action":"reject","old_label":"neg","new_label":null,"refused":"pos"'
ok "... and the time of each" has "$tmp/dec.jsonl" \
	'"time":"20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:.]*Z"'
ok "--out and --decisions together" status 0 "$tmp/o" "$tmp/e" export \
	"$tmp/d.jsonl" --out "$tmp/d4.jsonl" --decisions "$tmp/dec2.jsonl"
ok "... the same decisions" cmp "$tmp/dec.jsonl" "$tmp/dec2.jsonl"
ok "--decisions never replaces the dataset" status 73 "$tmp/o" "$tmp/e" \
	export "$tmp/d.jsonl" --decisions "$tmp/d.jsonl"
ok "... nor the --out file" status 73 "$tmp/o" "$tmp/e" \
	export "$tmp/d.jsonl" --out "$tmp/same" --decisions "$tmp/same"
ok "... nor the journal" status 73 "$tmp/o" "$tmp/e" \
	export "$tmp/d.jsonl" --decisions "$J"
ok "export needs --out or --decisions" status 64 "$tmp/o" "$tmp/e" \
	export "$tmp/d.jsonl"

# --- :w in the workbench writes the same file --------------------------
cp "$tmp/d.jsonl" "$tmp/w.jsonl"
mkdir "$tmp/w.jsonl.winnow"
cp "$J" "$tmp/w.jsonl.winnow/journal"
"$WINNOW" export "$tmp/w.jsonl" --out "$tmp/w-cli.jsonl" >/dev/null 2>&1
printf ':w %s/w-tui.jsonl<Enter>\n' "$tmp" | sed 's/ /<Space>/' >"$tmp/keys"
ok ":w on JSON Lines: exit 0" status 0 "$tmp/o" "$tmp/e" "$tmp/w.jsonl" \
	--label label --id id --headless 80x24 --keys "$tmp/keys"
ok "... the same bytes as winnow export" cmp "$tmp/w-cli.jsonl" "$tmp/w-tui.jsonl"

# --- the review loop on JSON Lines, end to end ------------------------
cp datasets/fortunes8.jsonl "$tmp/loop.jsonl"
printf 'p r a :w<Space>%s/loop-clean.jsonl<Enter>\n' "$tmp" >"$tmp/keys"
ok "PICO, accept, :w on JSON Lines: exit 0" status 0 "$tmp/o" "$tmp/e" \
	"$tmp/loop.jsonl" --label label --id meta.id --headless 80x24 \
	--keys "$tmp/keys"
ok "... one row relabelled" contains "$tmp/o" "3,154 rows, 1 relabelled"
ok "... the journal names rows by meta.id" has \
	"$tmp/loop.jsonl.winnow/journal" 'id=meta\.id'
perl -MJSON::PP -e '
	open A, "<", $ARGV[0]; open B, "<", $ARGV[1];
	while (defined($a = <A>)) { $b = <B>; next if $a eq $b; $n++;
	    $x = decode_json($a); $y = decode_json($b);
	    $bad++ if $x->{label} eq $y->{label};
	    $x->{label} = $y->{label}; $b =~ s/"label":"[^"]*"/"label":"L"/;
	    $a =~ s/"label":"[^"]*"/"label":"L"/; $bad++ if $a ne $b; }
	print $n + 0, " ", $bad + 0, "\n";' \
	"$tmp/loop.jsonl" "$tmp/loop-clean.jsonl" >"$tmp/changed"
ok "... one line differs, in its label value only" has "$tmp/changed" '^1 0$'

done_testing
