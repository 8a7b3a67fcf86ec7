#!/bin/sh
# t3330-shard-review - a sharded run's result reviewed in the workbench
# (headless): `winnow FILE --flags FLAGS` takes the flags `winnow score`
# wrote (CSV or JSON Lines, keyed by line or by --id) instead of running
# PICO, shows the Flagged view, and a decision on the first row of the
# queue goes to the journal under that row's key with the flags' given
# and suggested labels; p says the result came from a sharded run and
# runs nothing; flags that do not belong to the data (unknown keys,
# another label column, other classes, a key twice, a missing column)
# fail with exit status 65 and the flags file's line; a file opened on
# a sample says that the flags wait for the whole file.
cd "$SRCDIR" || exit 1
. tests/lib.sh

cp tests/data/iris-noisy.csv "$tmp/d.csv"
cd "$tmp" || exit 1
# flags OUT [score options]: the three steps of a sharded run, one part
flags() {
	_o=$1
	shift
	"$WINNOW" score --model m d.csv --out ev --quiet --force "$@" &&
	    "$WINNOW" score --reduce pr ev --quiet --force &&
	    "$WINNOW" score --model m --prior pr d.csv --out "$_o" --quiet \
	    "$@"
}
# wb KEYS [options]: the workbench headless on d.csv with a key script
wb() {
	printf '%s\n' "$1" >keys
	shift
	"$WINNOW" d.csv --label label --threads 1 --headless 80x24 \
	    --keys keys "$@" >out 2>err
}
J=d.csv.winnow/journal

ok "a saved model" "$WINNOW" pico d.csv --label label --save-model m \
    --flag q --quiet
ok "flags keyed by line" flags f.csv
ok "flags keyed by id, as JSON Lines" flags fid.jsonl --id id
nflag=$(awk -F, '$7 == 1' f.csv | wc -l)
ok "some rows flagged ($nflag)" test "$nflag" -gt 3

ok "opening the flags" wb "" --flags f.csv
ok "  shows the Flagged view" has out "flagged rows,"
ok "  says where the result came from" has out \
    "f.csv: $nflag rows flagged by a sharded run"
ok "  the journal is opened" test -s "$J"
ok "  and nothing runs: no PICO cache" test ! -e d.csv.winnow/pico.cache

ok "r a: review the first row of the queue and accept" wb "r a" \
    --flags f.csv
ok "  said" has out "reviewed 1 of $nflag flagged"
# the journal's key of a row without --id is its row number; the flags
# name it by its line (one header line): key + 1
sed 1d "$J" | awk -F'\t' '{ print $3, $7, $8, $9 }' >dec
read verdict key given sugg <dec
ok "  one accept in the journal ($verdict $key $given $sugg)" \
    test "$verdict" = accept -a "$(wc -l <dec)" -eq 1
awk -F, -v l=$((key + 1)) '$1 == l { print $2, $3, $7 }' f.csv >want
ok "  under the key of the flagged row whose given and suggestion it \
has" test "$(cat want)" = "$given $sugg 1"

ok "p on a sharded run's result" wb "p" --flags f.csv
ok "  runs nothing and says why" has out "the result came from a sharded"
ok "  (still no cache)" test ! -e d.csv.winnow/pico.cache
ok "reopening resumes the review" wb "" --flags f.csv
ok "  with the decision" has out "reviewed 1 of $nflag flagged"

rm -rf d.csv.winnow
ok "flags keyed by id, JSON Lines, with --id id" wb "r a" --id id \
    --flags fid.jsonl
sed 1d "$J" | awk -F'\t' '{ print $7, $8, $9 }' >dec
read key given sugg <dec
ok "  the journal names rows by id" has "$J" "	id=id	"
perl -MJSON::PP -ne '$j = decode_json($_); print "$j->{given} '\
'$j->{suggested} $j->{flagged}\n" if $j->{id} eq "'"$key"'"' fid.jsonl >want
ok "  the row decided is the flagged one of that id ($key)" \
    test "$(cat want)" = "$given $sugg 1"

# a file opened on a sample: the flags wait for the whole file
awk 'BEGIN { print "id,x,label"
    for (i = 1; i <= 200000; i++) printf "%d,%d,c%d\n", i, i % 17, i % 3 }' \
    >big.csv
printf '\n' >keys
ok "a file past --memory with --flags" status 0 o e big.csv --label label \
    --memory 1M --threads 1 --headless 100x24 --keys keys --flags f.csv
ok "  says the flags are reviewed against the whole file" has o \
    "f.csv: the flags are reviewed against the whole file"

# ---- flags that do not belong to the data ----------------------------
rm -rf d.csv.winnow
bad() {
	awk -F, -v OFS=, "$1" f.csv >bad.csv
	printf '\n' >keys
	status 65 o e d.csv --label label --threads 1 --headless 80x24 \
	    --keys keys --flags bad.csv
}
ok "a key that names no row (65)" bad 'NR == 5 { $1 = 999 } 1'
ok "  names the flags file's line" has e "bad.csv:5: row key '999' names no row"
ok "another label column's given labels (65)" bad 'NR == 3 { $2 = "x" } 1'
ok "  said" has e "bad.csv:3: given label 'x' is not the data's"
ok "a suggestion of another class (65)" bad 'NR == 4 { $3 = "rose" } 1'
ok "  said" has e "bad.csv:4: suggested 'rose' is not a class"
ok "a key twice (65)" bad 'NR == 6 { $0 = prev } { prev = $0 } 1'
ok "  said" has e "bad.csv:6: row key '[0-9]*' comes twice"
ok "a probability that is not one (65)" bad 'NR == 2 { $4 = "high" } 1'
ok "  said" has e "bad.csv:2: p_suggested 'high' is not a number"
ok "flags keyed by id opened without it (65)" status 65 o e d.csv \
    --label label --threads 1 --headless 80x24 --keys keys --flags \
    fid.jsonl
ok "  said" has e "fid.jsonl:1: row key '1' names no row.*--id"
cut -d, -f1-3 f.csv >cut.csv
ok "a file without the columns (65)" status 65 o e d.csv --label label \
    --threads 1 --headless 80x24 --keys keys --flags cut.csv
ok "  said" has e "cut.csv: no column named 'p_suggested'"
ok "no such flags file (66)" status 66 o e d.csv --label label \
    --headless 80x24 --keys keys --flags none.csv
ok "  said" has e "none.csv"
ok "and no journal is left behind" test ! -e "$J"

done_testing
