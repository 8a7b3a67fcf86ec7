#!/bin/sh
# The review loop's start-up and files, headless: options checked before
# the screen changes, resuming from the journal and the cached result
# (a damaged cache is recomputed), a journal of another file refused
# with exit status 65 unless --force, re-runs every N decisions, :w
# writing the cleaned copy and refusing to overwrite.
cd "$SRCDIR" || exit 1
. tests/lib.sh

cp tests/data/iris-noisy.csv "$tmp/d.csv"
J=$tmp/d.csv.winnow/journal
C=$tmp/d.csv.winnow/pico.cache
# wb KEYS...: run the workbench headless on $tmp/d.csv with a key script
wb() {
	printf '%s\n' "$*" >"$tmp/keys"
	"$WINNOW" "$tmp/d.csv" --threads 1 --headless 80x24 --keys \
	    "$tmp/keys" $WBOPTS >"$tmp/out" 2>"$tmp/err"
}

ok "--order takes two words" status 64 "$tmp/o" "$tmp/e" "$tmp/d.csv" \
    --order random --headless 80x24
ok "and says so" has "$tmp/e" "--order takes uncertainty or suspicion"
ok "--rerun-every takes a number" status 64 "$tmp/o" "$tmp/e" "$tmp/d.csv" \
    --rerun-every x --headless 80x24
ok "--reviewer needs a name" status 64 "$tmp/o" "$tmp/e" "$tmp/d.csv" \
    --reviewer '' --headless 80x24

ok "opening creates no journal" wb 2
ok "  (none there)" test ! -e "$J"
ok "r without a result says what to do" wb r
ok "  (p runs it)" has "$tmp/out" "No PICO result yet: p runs it"
ok "  (still no journal)" test ! -e "$J"

ok "p r a x" wb p r a x
ok "  the journal is beside the dataset" test -s "$J"
ok "  the result is cached beside it" test -s "$C"
ok "  the reviewer is the login name by default" \
    grep -q "	accept	0	0	$(id -un)	" "$J"  # (or getlogin's)
ok "  two verdicts" has "$tmp/out" "reviewed 2 of [0-9]* flagged"
# the card shown after them, and the first verdict (accept: key, label)
next=$(sed -n 's/^ row \([0-9]*\)  (line.*/\1/p' "$tmp/out")
acc_key=$(awk -F'\t' '$3 == "accept" { print $7; exit }' "$J")
acc_given=$(awk -F'\t' '$3 == "accept" { print $8; exit }' "$J")
acc_label=$(awk -F'\t' '$3 == "accept" { print $9; exit }' "$J")
ok "  (the card after them and the accepted row are known)" \
    test -n "$next" -a -n "$acc_key" -a "$acc_given" != "$acc_label"

ok "reopening with no keys" wb
ok "  resumes in the Review view" has "$tmp/out" "in the queue, by suspicion"
ok "  with the two verdicts" has "$tmp/out" "reviewed 2 of"
ok "  on the row after the last decided one" has "$tmp/out" "^ row $next "

printf 'garbage' >"$C"
ok "a damaged cache" wb
# (computed again with the two verdicts as training labels, so the
# queue may differ from the cached one: its first card is a row not yet
# decided)
ok "  is computed again: a card in the queue" has "$tmp/out" \
    "^ row [0-9]*  (line [0-9]*)   1 of [0-9]* in the queue"
card=$(sed -n 's/^ row \([0-9]*\)  (line.*/\1/p' "$tmp/out")
decided=$(awk -F'\t' 'NR > 1 { print $7 }' "$J" | sort | tr '\n' ' ')
ok "  of a row not decided ($card; decided: $decided)" \
    awk -F'\t' -v c="$card" 'NR > 1 && $7 == c { exit 1 }' "$J"
ok "  and written anew" hasnt "$C" "garbage"

ok "reopening, a key that decides" wb a
ok "  decides nothing before Enter" has "$tmp/out" "reviewed 2 of"
ok "  and says so" has "$tmp/out" "nothing decided: .* Enter goes on"
ok "  (nothing journalled)" test "$("$BUILD/tests/jtool" decided "$J")" = 2

WBOPTS="--reviewer bob --rerun-every 2"
ok "--rerun-every 2: Enter, then two decisions start a run" wb "<Enter>" a a
WBOPTS=
ok "  that ends with a message" has "$tmp/out" "PICO: .* rows flagged"
ok "  in bob's name" grep -q "	accept	0	0	bob	" "$J"

ok ":w writes the cleaned copy" wb ":w<Space>$tmp/clean.csv<Enter>"
ok "  and says so" has "$tmp/out" "wrote $tmp/clean.csv: 150 rows"
ok "  the accepted row relabelled" \
    grep -q "^$acc_key,.*,$acc_label\$" "$tmp/clean.csv"
# undecided: rows whose key no journal line names
awk -F'\t' 'NR > 1 { print "^" $7 "," }' "$J" | sort -u >"$tmp/keys.re"
ok "  undecided rows as they were" \
    test "$(grep -v -f "$tmp/keys.re" "$tmp/clean.csv")" = \
    "$(grep -v -f "$tmp/keys.re" "$tmp/d.csv")"
ok "  (the input still has the old label)" \
    grep -q "^$acc_key,.*,$acc_given\$" "$tmp/d.csv"
ok ":w over an existing file" wb ":w<Space>$tmp/clean.csv<Enter>"
ok "  is refused, pointing at :w!" has "$tmp/out" ":w! replaces it"
ok ":w! replaces it" wb ":w!<Space>$tmp/clean.csv<Enter>"
ok "  and says so" has "$tmp/out" "wrote $tmp/clean.csv"
ok ":w! on the input" wb ":w!<Space>$tmp/d.csv<Enter>"
ok "  is refused" has "$tmp/out" "is the input file"

# another file under the journal
printf '151,5.0,3.0,1.0,0.1,extra row,setosa\n' >>"$tmp/d.csv"
ok "a journal of another file: exit status 65" status 65 "$tmp/o" \
    "$tmp/e" "$tmp/d.csv" --headless 80x24 --threads 1
ok "  naming the dataset" has "$tmp/e" "d.csv: "
ok "  and the journal" has "$tmp/e" "journal: the journal belongs to a different file"
ok "  and pointing at --force" has "$tmp/e" "use --force"
ok "--force opens it" status 0 "$tmp/o" "$tmp/e" "$tmp/d.csv" \
    --headless 80x24 --threads 1 --force
ok "  in the Review view" has "$tmp/o" "in the queue"

# no label column
printf 'a,b\n1,2\n3,4\n' >"$tmp/nolabel.csv"
printf 'p\n' >"$tmp/keys"
ok "p without a label column" status 0 "$tmp/o" "$tmp/e" "$tmp/nolabel.csv" \
    --headless 80x24 --keys "$tmp/keys"
ok "  says what is missing" has "$tmp/o" "PICO needs a label column"
done_testing
