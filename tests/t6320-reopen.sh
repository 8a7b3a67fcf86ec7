#!/bin/sh
# t6320-reopen - what a reopen remembers, headless: PICO's cached result
# is taken without a run while the data, the options and the decisions
# are those it was made from (the cache file is not even rewritten), and
# a run comes when any of them changed; the view, the row, the column
# and the queue's order come back as the last session left them (an
# explicit --order wins; a read-only session leaves them alone; a
# damaged file means a fresh start).
cd "$SRCDIR" || exit 1
. tests/lib.sh

cp tests/data/iris-noisy.csv "$tmp/d.csv"
C=$tmp/d.csv.winnow/pico.cache
V=$tmp/d.csv.winnow/journal.view

# run KEYS ARGS...: winnow headless on the copy; the last screen in
# $tmp/screen
run() {
	printf '%s\n' "$1" >"$tmp/keys"
	shift
	"$WINNOW" "$tmp/d.csv" --threads 1 "$@" --headless 100x30 \
	    --keys "$tmp/keys" >"$tmp/screen" 2>&1
}
# the cache file's identity: a new run replaces it by a new file
ident() {
	stat -c '%i %Y %s' "$C"
}
has() {
	grep -q -- "$1" "$tmp/screen"
}

# ---- PICO's result -------------------------------------------------
run "p r a <Wait>"
ok "a session: PICO ran, one decision" has "reviewed 1 of [0-9]* flagged"
c0=$(ident)
run "<Wait>"
ok "a decision since the run: the reopen runs PICO again" \
    has "PICO: [0-9]* rows\{0,1\} flagged"
ok "and keeps the new result" test "$(ident)" != "$c0"
c1=$(ident)
run "<Wait>"
ok "no decision since: the reopen says the result is current" \
    has "PICO's result is current (no decision since)"
ok "and runs nothing (the cache is the same file)" test "$(ident)" = "$c1"
ok "the queue is the cached result's" has "reviewed 1 of [0-9]* flagged"
run "<Wait>" --threads 2
ok "other options (two checker threads): a run" \
    has "PICO: [0-9]* rows\{0,1\} flagged"
run "<Wait>"
ok "back to one thread: a run again (the cache was for two)" \
    has "PICO: [0-9]* rows\{0,1\} flagged"
run "<Wait>"
ok "then current again" has "PICO's result is current"

# ---- the view, the row, the column, the order ----------------------
run ":order<Space>suspicion<Enter> q 2 j j j l l <Wait>"
ok "the last session's view is kept beside the journal" \
    grep -q "^view table$" "$V"
ok "its order" grep -q "^order suspicion$" "$V"
ok "its row (by key)" grep -q "^row 4$" "$V"
ok "its column (by name)" grep -q "^col sepal width$" "$V"
run ""
ok "a reopen lands on the Table" has "id sepal length sepal width"
ok "on the same row" has "row 4 of 150"
run "r"
ok "the review queue keeps its order" has "in the queue, by suspicion"
run "r" --order uncertainty
ok "an explicit --order wins" has "in the queue, by uncertainty"
cp "$V" "$tmp/view.before"
run "1" --read-only
ok "a read-only session leaves the file alone" cmp -s "$V" "$tmp/view.before"
mkdir "$tmp/shared" && printf 'a file of its own\n' >"$tmp/shared/view"
run "p <Wait>" --journal "$tmp/shared/j"
ok "a --journal elsewhere: the view beside it, named after it" \
    grep -q "^view " "$tmp/shared/j.view"
ok "never a file that only shares the folder" \
    test "$(cat "$tmp/shared/view")" = "a file of its own"
printf 'something else\n' >"$V"
run ""
ok "a damaged file: the reopen starts on the review as for a new one" \
    has "in the queue, by"

done_testing
