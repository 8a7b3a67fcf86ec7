#!/bin/sh
# `winnow export` and `winnow merge` end to end: exit statuses, messages,
# files.  Journals are made with $BUILD/tests/jtool (the journal API) and,
# once, by hand from docs/journal.md with gzip's CRC-32.
JT=$BUILD/tests/jtool
tmp=$(mktemp -d "${TMPDIR:-/tmp}/t4040.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
fails=0

ok() {	# ok COND-STATUS NAME [DIAG]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
		[ -n "$3" ] && printf '%s\n' "$3" | sed 's/^/# /'
	fi
}

# run EXPECTED-STATUS NAME CMD...: runs CMD, output in $tmp/out, $tmp/err
run() {
	want=$1 name=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" = "$want" ]
	ok $? "$name (exit $want)" "exit $got; stderr: $(cat "$tmp/err")"
}

has() {	# has FILE TEXT NAME
	grep -qF -- "$2" "$1"
	ok $? "$3" "no '$2' in $1: $(head -c 600 "$1")"
}

d=$tmp/iris.csv
J=$d.winnow/journal
cp "$SRCDIR/datasets/iris.csv" "$d"

run 64 "export without arguments" "$WINNOW" export
run 64 "export without --out" "$WINNOW" export "$d"
run 64 "unknown option" "$WINNOW" export "$d" --out "$tmp/c.csv" --bogus
run 64 "unknown added column" "$WINNOW" export "$d" --out "$tmp/c.csv" \
	--add-columns label_source,colour
has "$tmp/err" "colour" "the bad column is named"
run 64 "standard input is not a file" "$WINNOW" export - --out "$tmp/c.csv"
run 66 "no journal yet" "$WINNOW" export "$d" --out "$tmp/c.csv"
has "$tmp/err" "iris.csv.winnow/journal: cannot open the journal" \
	"says which journal"
run 66 "no such data file" "$WINNOW" export "$tmp/none.csv" --out "$tmp/c.csv"

"$JT" create "$d" "$J" label id
run 0 "empty journal exports" "$WINNOW" export "$d" --out "$tmp/c0.csv"
cmp -s "$d" "$tmp/c0.csv"
ok $? "empty journal: output equals input byte for byte"
has "$tmp/out" "wrote $tmp/c0.csv: 150 of 150 rows, 0 relabelled" \
	"summary line"

"$JT" add "$J" ann relabel 1 versicolor setosa
"$JT" add "$J" ann drop 2 - setosa
"$JT" add "$J" ann accept 3 'x,y "z"' setosa
"$JT" add "$J" ann relabel 4 wrong setosa
"$JT" undo "$J"
"$JT" bulk "$J" ann relabel virginica setosa 5 6
run 0 "export with decisions" "$WINNOW" export "$d" --out "$tmp/c1.csv" \
	--drop-excluded --add-columns label_source,original_label \
	--report "$tmp/r.md"
has "$tmp/out" "149 of 150 rows, 4 relabelled, 1 dropped" "summary counts"
has "$tmp/c1.csv" "id,sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),label,label_source,original_label" \
	"header gains the two columns"
has "$tmp/c1.csv" "1,5.1,3.5,1.4,0.2,versicolor,relabelled,setosa" \
	"row 1 relabelled"
has "$tmp/c1.csv" '3,4.7,3.2,1.3,0.2,"x,y ""z""",accepted,setosa' \
	"row 3 quoted as needed"
has "$tmp/c1.csv" "4,4.6,3.1,1.5,0.2,setosa,given,setosa" \
	"row 4's undone relabel left no trace"
has "$tmp/c1.csv" "6,5.4,3.9,1.7,0.4,virginica,relabelled,setosa" \
	"bulk relabel applied"
grep -q "^2,4.9" "$tmp/c1.csv"
[ $? = 1 ]
ok $? "row 2 dropped"
[ "$(grep -c "$(printf '\r')$" "$tmp/c1.csv")" = 150 ]
ok $? "every record keeps its CRLF"
has "$tmp/r.md" "| setosa | virginica | 2 |" "report: relabel pairs"
has "$tmp/r.md" "| setosa | 5 | 4 | 1 | 80.0% |" "report: noise per class"

run 73 "existing output refused" "$WINNOW" export "$d" --out "$tmp/c1.csv"
has "$tmp/err" "already exists (use --force" "message says --force"
run 0 "replaced with --force" "$WINNOW" export "$d" --out "$tmp/c1.csv" \
	--force --report "$tmp/r.json"
has "$tmp/r.json" '"relabelled": 4' "JSON report"
run 73 "output is the input" "$WINNOW" export "$d" --out "$d" --force
has "$tmp/err" "an output never replaces an input" "says why"
cmp -s "$d" "$SRCDIR/datasets/iris.csv"
ok $? "input untouched"
run 73 "output directory missing" "$WINNOW" export "$d" \
	--out "$tmp/no/such/dir/c.csv"
run 73 "output under a file" "$WINNOW" export "$d" --out "$d/c.csv"
run 64 "another --label than the journal's" "$WINNOW" export "$d" \
	--out "$tmp/c2.csv" --label sepal_length
run 64 "another --id than the journal's" "$WINNOW" export "$d" \
	--out "$tmp/c2.csv" --id label

# the dataset changes
touch -t 200101010000 "$d"
run 0 "touched file accepted" "$WINNOW" export "$d" --out "$tmp/c3.csv"
has "$tmp/err" "modification time changed" "with a warning"
printf '151,1,1,1,1,setosa\r\n' >>"$d"
run 65 "changed file refused" "$WINNOW" export "$d" --out "$tmp/c4.csv"
has "$tmp/err" "belongs to a different file" "message"
run 0 "forced" "$WINNOW" export "$d" --out "$tmp/c4.csv" --force
has "$tmp/err" "forced" "with a warning"
cp "$SRCDIR/datasets/iris.csv" "$d"

# damage
cp "$J" "$tmp/j.bak"
printf '9\t2024-01-01T00:00:00.000Z\tdrop\t0\t0\tann\t7\t\\N\t\\N\t\\N\t0\t\\N\t0000' >>"$J"
run 0 "a cut last line is only a warning" "$WINNOW" export "$d" \
	--out "$tmp/c5.csv"
has "$tmp/err" "journal:10: no newline at the end" "warning names the line"
cp "$tmp/j.bak" "$J"
sed '2s/versicolor/versicolour/' "$tmp/j.bak" >"$J"
run 65 "a damaged middle line is an error" "$WINNOW" export "$d" \
	--out "$tmp/c6.csv"
has "$tmp/err" "journal:2: checksum mismatch" "naming the line"
cp "$tmp/j.bak" "$J"

# a line written by hand, as docs/journal.md describes it
if command -v gzip >/dev/null 2>&1 && command -v od >/dev/null 2>&1; then
	line=$(printf '9\t2024-05-01T12:00:00.000Z\trelabel\t0\t0\thand\t9\tsetosa\tversicolor\t0.25\t1\tby hand')
	crc=$(printf '%s' "$line" | gzip -c | tail -c 8 | head -c 4 |
		od -An -tx1 | tr -d ' \n' |
		sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')
	printf '%s\t%s\n' "$line" "$crc" >>"$J"
	run 0 "a hand-written line is accepted" "$WINNOW" export "$d" \
		--out "$tmp/c7.csv"
	has "$tmp/c7.csv" "9,4.4,2.9,1.4,0.2,versicolor" "and applied"
else
	n=$((n + 2))
	echo "ok $((n - 1)) # skip gzip or od missing"
	echo "ok $n # skip gzip or od missing"
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
run 0 "merge compares" "$WINNOW" merge "$A" "$B"
has "$tmp/out" "decided by both: 4 rows; agree on 2 (50.0%)" "agreement"
# categories: ann versicolor 1, setosa 2, esc 1; bob versicolor 1,
# drop 1, setosa 2: pe = (1*1 + 2*2) / 16 = 0.3125,
# kappa = (0.5 - 0.3125) / 0.6875 = 0.2727...
has "$tmp/out" "Cohen's kappa 0.273 (chance agreement 0.312)" "kappa"
has "$tmp/out" "conflicts: 2" "two conflicts"
has "$tmp/out" "2: given 'setosa'; ann: 'setosa' (reject); bob: drop" \
	"conflict listed"
has "$tmp/out" "ann: 'es\\x1b[2Jc'" "escape sequences in labels shown escaped"
run 0 "merge --json" "$WINNOW" merge "$A" "$B" --json
has "$tmp/out" '"kappa": 0.2727' "JSON kappa"
has "$tmp/out" '"drop": true' "drop category in JSON"
run 0 "merge --out" "$WINNOW" merge "$A" "$B" --out "$tmp/m.j"
has "$tmp/out" "merged journal written to $tmp/m.j" "says where"
run 0 "the merged journal exports" "$WINNOW" export "$e" --journal "$tmp/m.j" \
	--out "$tmp/m.csv" --add-columns label_source
has "$tmp/m.csv" "2,4.9,3.0,1.4,0.2,setosa,dropped" \
	"conflict resolved by the later decision"
run 73 "merge --out over an existing file" "$WINNOW" merge "$A" "$B" \
	--out "$tmp/m.j"
run 73 "merge --out over an input, even forced" "$WINNOW" merge "$A" "$B" \
	--out "$A" --force
run 64 "merge needs two journals" "$WINNOW" merge "$A"
run 66 "merge: missing journal" "$WINNOW" merge "$A" "$tmp/none.j"
"$JT" create "$SRCDIR/datasets/cars.csv" "$tmp/cars.j" label id
run 65 "merge: journals of different datasets" "$WINNOW" merge "$A" \
	"$tmp/cars.j"
has "$tmp/err" "were made on different datasets" "message"

# a pipe as the output is written to, never replaced by a rename (the
# same path would replace /dev/null)
mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/from-fifo" &
run 0 "export into a FIFO" "$WINNOW" export "$d" --out "$tmp/fifo" --force
wait
test -p "$tmp/fifo"
ok $? "the FIFO is still a FIFO"
"$WINNOW" export "$d" --out "$tmp/regular.csv" --force 2>/dev/null
cmp -s "$tmp/regular.csv" "$tmp/from-fifo"
ok $? "the copy went through the FIFO"

echo "1..$n"
[ "$fails" = 0 ]
