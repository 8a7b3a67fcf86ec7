#!/bin/sh
# t4040-cli - `winnow export` and `winnow merge` end to end: exit
# statuses, messages, files.  Journals are made with $BUILD/tests/jtool
# (the journal API) and, once, by hand from docs/journal.md with gzip's
# CRC-32.
JT=$BUILD/tests/jtool
cd "$SRCDIR" || exit 1
. tests/lib.sh

d=$tmp/iris.csv
J=$d.winnow/journal
cp "$SRCDIR/datasets/iris.csv" "$d"

ok "export without arguments (exit 64)" status 64 "$tmp/out" "$tmp/err" export
ok "export without --out (exit 64)" status 64 "$tmp/out" "$tmp/err" export "$d"
ok "unknown option (exit 64)" status 64 "$tmp/out" "$tmp/err" export "$d" \
	--out "$tmp/c.csv" --bogus
ok "unknown added column (exit 64)" status 64 "$tmp/out" "$tmp/err" export \
	"$d" --out "$tmp/c.csv" --add-columns label_source,colour
ok "the bad column is named" contains "$tmp/err" "colour"
ok "standard input is not a file (exit 64)" status 64 "$tmp/out" "$tmp/err" \
	export - --out "$tmp/c.csv"
ok "no journal yet (exit 66)" status 66 "$tmp/out" "$tmp/err" export "$d" \
	--out "$tmp/c.csv"
ok "says which journal" contains "$tmp/err" \
	"iris.csv.winnow/journal: cannot open the journal"
ok "no such data file (exit 66)" status 66 "$tmp/out" "$tmp/err" export \
	"$tmp/none.csv" --out "$tmp/c.csv"

"$JT" create "$d" "$J" label id
ok "empty journal exports (exit 0)" status 0 "$tmp/out" "$tmp/err" export "$d" \
	--out "$tmp/c0.csv"
ok "empty journal: output equals input byte for byte" cmp "$d" "$tmp/c0.csv"
ok "summary line" contains "$tmp/out" \
	"wrote $tmp/c0.csv: 150 of 150 rows, 0 relabelled"

"$JT" add "$J" ann relabel 1 versicolor setosa
"$JT" add "$J" ann drop 2 - setosa
"$JT" add "$J" ann accept 3 'x,y "z"' setosa
"$JT" add "$J" ann relabel 4 wrong setosa
"$JT" undo "$J"
"$JT" bulk "$J" ann relabel virginica setosa 5 6
ok "export with decisions (exit 0)" status 0 "$tmp/out" "$tmp/err" export "$d" \
	--out "$tmp/c1.csv" --drop-excluded --add-columns \
	label_source,original_label --report "$tmp/r.md"
ok "summary counts" contains "$tmp/out" \
	"149 of 150 rows, 4 relabelled, 1 dropped"
ok "header gains the two columns" contains "$tmp/c1.csv" \
	"id,sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),label,label_source,original_label"
ok "row 1 relabelled" contains "$tmp/c1.csv" \
	"1,5.1,3.5,1.4,0.2,versicolor,relabelled,setosa"
ok "row 3 quoted as needed" contains "$tmp/c1.csv" \
	'3,4.7,3.2,1.3,0.2,"x,y ""z""",accepted,setosa'
ok "row 4's undone relabel left no trace" contains "$tmp/c1.csv" \
	"4,4.6,3.1,1.5,0.2,setosa,given,setosa"
ok "bulk relabel applied" contains "$tmp/c1.csv" \
	"6,5.4,3.9,1.7,0.4,virginica,relabelled,setosa"
ok "row 2 dropped" hasnt "$tmp/c1.csv" "^2,4.9"
ok "every record keeps its CRLF" \
	test "$(grep -c "$(printf '\r')$" "$tmp/c1.csv")" = 150
ok "report: relabel pairs" contains "$tmp/r.md" "| setosa | virginica | 2 |"
ok "report: noise per class" contains "$tmp/r.md" \
	"| setosa | 5 | 4 | 1 | 80.0% |"

ok "existing output refused (exit 73)" status 73 "$tmp/out" "$tmp/err" export \
	"$d" --out "$tmp/c1.csv"
ok "message says --force" contains "$tmp/err" "already exists (use --force"
ok "replaced with --force (exit 0)" status 0 "$tmp/out" "$tmp/err" export "$d" \
	--out "$tmp/c1.csv" --force --report "$tmp/r.json"
ok "JSON report" contains "$tmp/r.json" '"relabelled": 4'
ok "output is the input (exit 73)" status 73 "$tmp/out" "$tmp/err" export "$d" \
	--out "$d" --force
ok "says why" contains "$tmp/err" "an output never replaces an input"
ok "input untouched" cmp "$d" "$SRCDIR/datasets/iris.csv"
ok "output directory missing (exit 73)" status 73 "$tmp/out" "$tmp/err" export \
	"$d" --out "$tmp/no/such/dir/c.csv"
ok "output under a file (exit 73)" status 73 "$tmp/out" "$tmp/err" export "$d" \
	--out "$d/c.csv"
ok "another --label than the journal's (exit 64)" status 64 "$tmp/out" \
	"$tmp/err" export "$d" --out "$tmp/c2.csv" --label sepal_length
ok "another --id than the journal's (exit 64)" status 64 "$tmp/out" "$tmp/err" \
	export "$d" --out "$tmp/c2.csv" --id label

# the dataset changes
touch -t 200101010000 "$d"
ok "touched file accepted (exit 0)" status 0 "$tmp/out" "$tmp/err" export "$d" \
	--out "$tmp/c3.csv"
ok "with a warning" contains "$tmp/err" "modification time changed"
printf '151,1,1,1,1,setosa\r\n' >>"$d"
ok "changed file refused (exit 65)" status 65 "$tmp/out" "$tmp/err" export \
	"$d" --out "$tmp/c4.csv"
ok "message" contains "$tmp/err" "belongs to a different file"
ok "forced (exit 0)" status 0 "$tmp/out" "$tmp/err" export "$d" --out \
	"$tmp/c4.csv" --force
ok "with a warning" contains "$tmp/err" "forced"
cp "$SRCDIR/datasets/iris.csv" "$d"

# damage
cp "$J" "$tmp/j.bak"
printf '9\t2024-01-01T00:00:00.000Z\tdrop\t0\t0\tann\t7\t\\N\t\\N\t\\N\t0\t\\N\t0000' >>"$J"
ok "a cut last line is only a warning (exit 0)" status 0 "$tmp/out" "$tmp/err" \
	export "$d" --out "$tmp/c5.csv"
ok "warning names the line" contains "$tmp/err" \
	"journal:10: no newline at the end"
cp "$tmp/j.bak" "$J"
sed '2s/versicolor/versicolour/' "$tmp/j.bak" >"$J"
ok "a damaged middle line is an error (exit 65)" status 65 "$tmp/out" \
	"$tmp/err" export "$d" --out "$tmp/c6.csv"
ok "naming the line" contains "$tmp/err" "journal:2: checksum mismatch"
cp "$tmp/j.bak" "$J"

# a line written by hand, as docs/journal.md describes it
if command -v gzip >/dev/null 2>&1 && command -v od >/dev/null 2>&1; then
	line=$(printf '9\t2024-05-01T12:00:00.000Z\trelabel\t0\t0\thand\t9\tsetosa\tversicolor\t0.25\t1\tby hand')
	crc=$(printf '%s' "$line" | gzip -c | tail -c 8 | head -c 4 |
		od -An -tx1 | tr -d ' \n' |
		sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')
	printf '%s\t%s\n' "$line" "$crc" >>"$J"
	ok "a hand-written line is accepted (exit 0)" status 0 "$tmp/out" \
		"$tmp/err" export "$d" --out "$tmp/c7.csv"
	ok "and applied" contains "$tmp/c7.csv" "9,4.4,2.9,1.4,0.2,versicolor"
else
	skip "a hand-written line is accepted" "gzip or od missing"
	skip "and applied" "gzip or od missing"
fi

# merge
e=$tmp/e.csv
cp "$SRCDIR/datasets/iris.csv" "$e"
A=$tmp/ann.j
B=$tmp/bob.j
"$JT" create "$e" "$A" label id
"$JT" create "$e" "$B" label id
"$JT" add "$A" ann relabel 1 versicolor setosa
"$JT" add "$B" bob relabel 1 versicolor setosa
"$JT" add "$A" ann reject 2 - setosa
"$JT" add "$B" bob drop 2 - setosa
"$JT" add "$A" ann reject 3 - setosa
"$JT" add "$B" bob reject 3 - setosa
"$JT" add "$A" ann relabel 4 "$(printf 'es\033[2Jc')" setosa
"$JT" add "$B" bob reject 4 - setosa
ok "merge compares (exit 0)" status 0 "$tmp/out" "$tmp/err" merge "$A" "$B"
ok "agreement" contains "$tmp/out" "decided by both: 4 rows; agree on 2 (50.0%)"
# categories: ann versicolor 1, setosa 2, esc 1; bob versicolor 1,
# drop 1, setosa 2: pe = (1*1 + 2*2) / 16 = 0.3125,
# kappa = (0.5 - 0.3125) / 0.6875 = 0.2727...
ok "kappa" contains "$tmp/out" "Cohen's kappa 0.273 (chance agreement 0.312)"
ok "two conflicts" contains "$tmp/out" "conflicts: 2"
ok "conflict listed" contains "$tmp/out" \
	"2: given 'setosa'; ann: 'setosa' (reject); bob: drop"
ok "escape sequences in labels shown escaped" contains "$tmp/out" \
	"ann: 'es\\x1b[2Jc'"
ok "merge --json (exit 0)" status 0 "$tmp/out" "$tmp/err" merge "$A" "$B" --json
ok "JSON kappa" contains "$tmp/out" '"kappa": 0.2727'
ok "drop category in JSON" contains "$tmp/out" '"drop": true'
ok "merge --out (exit 0)" status 0 "$tmp/out" "$tmp/err" merge "$A" "$B" --out \
	"$tmp/m.j"
ok "says where" contains "$tmp/out" "merged journal written to $tmp/m.j"
ok "the merged journal exports (exit 0)" status 0 "$tmp/out" "$tmp/err" export \
	"$e" --journal "$tmp/m.j" --out "$tmp/m.csv" --add-columns \
	label_source
ok "conflict resolved by the later decision" contains "$tmp/m.csv" \
	"2,4.9,3.0,1.4,0.2,setosa,dropped"
ok "merge --out over an existing file (exit 73)" status 73 "$tmp/out" \
	"$tmp/err" merge "$A" "$B" --out "$tmp/m.j"
ok "merge --out over an input, even forced (exit 73)" status 73 "$tmp/out" \
	"$tmp/err" merge "$A" "$B" --out "$A" --force
ok "merge needs two journals (exit 64)" status 64 "$tmp/out" "$tmp/err" merge \
	"$A"
ok "merge: missing journal (exit 66)" status 66 "$tmp/out" "$tmp/err" merge \
	"$A" "$tmp/none.j"
"$JT" create "$SRCDIR/datasets/cars.csv" "$tmp/cars.j" label id
ok "merge: journals of different datasets (exit 65)" status 65 "$tmp/out" \
	"$tmp/err" merge "$A" "$tmp/cars.j"
ok "message" contains "$tmp/err" "were made on different datasets"

# a pipe as the output is written to, never replaced by a rename (the
# same path would replace /dev/null)
mkfifo "$tmp/fifo"
# (a reader that gives up: a run that fails before it opens the FIFO
# must not leave the test waiting)
timeout 120 cat "$tmp/fifo" >"$tmp/from-fifo" &
ok "export into a FIFO (exit 0)" status 0 "$tmp/out" "$tmp/err" export "$d" \
	--out "$tmp/fifo" --force
wait
ok "the FIFO is still a FIFO" test -p "$tmp/fifo"
"$WINNOW" export "$d" --out "$tmp/regular.csv" --force >/dev/null 2>&1
ok "the copy went through the FIFO" cmp "$tmp/regular.csv" "$tmp/from-fifo"

# README's quick start opens a bundled dataset: what the workbench keeps
# beside it (FILE.winnow/: journal, PICO cache) must not dirty a checkout
if command -v git >/dev/null 2>&1; then
	g=$tmp/checkout
	mkdir -p "$g/datasets"
	cp "$SRCDIR/.gitignore" "$g/.gitignore"
	cp "$SRCDIR/datasets/iris.csv" "$g/datasets/iris.csv"
	git -C "$g" init -q && git -C "$g" add . &&
	    git -C "$g" -c user.name=t -c user.email=t@t commit -qm base
	printf 'p <Wait> r a\n' >"$tmp/quick.keys"
	ok "a PICO run and a decision in the workbench" status 0 "$tmp/out" \
	    "$tmp/err" "$g/datasets/iris.csv" --label label --headless 80x24 \
	    --keys "$tmp/quick.keys"
	ok "... kept a journal beside the dataset" test -s "$g/datasets/iris.csv.winnow/journal"
	ok "... and the checkout is still clean" test -z "$(git -C "$g" status --porcelain)"
else
	skip "the checkout stays clean" "git is not installed"
fi

done_testing
