#!/bin/sh
# t6310-readonly-tmux - --read-only opens a dataset another winnow is
# reviewing: the real program holds the journal in tmux (tests/lib.sh)
# while a second winnow, headless, opens the same file.
#
# 1. without --read-only the second is refused (status 73), naming the
#    holder and the way in; with it, it shows the review as the journal
#    has it (holding its keys until Enter, as every reopened review
#    does), every deciding key (a, x, u, the bulk accept) says
#    read-only, and neither the journal nor PICO's cache changes;
# 2. a read-only winnow takes no lock: while one browses in tmux, a
#    writer opens the journal and decides.
cd "$SRCDIR" || exit 1
. tests/lib.sh
need tmux "tmux is not installed"

cp tests/data/iris-noisy.csv "$tmp/d.csv"
J=$tmp/d.csv.winnow/journal
C=$tmp/d.csv.winnow/pico.cache

# headless NAME KEYS ARGS...: a second winnow on the file, headless, its
# last screen in $tmp/NAME and its status in $tmp/NAME.rc
headless() {
	_name=$1 _keys=$2
	shift 2
	printf '%s\n' "$_keys" >"$tmp/$_name.keys"
	"$WINNOW" "$tmp/d.csv" --threads 1 "$@" --headless 100x30 \
	    --keys "$tmp/$_name.keys" >"$tmp/$_name" 2>&1
	echo $? >"$tmp/$_name.rc"
}

# ---- 1: one winnow reviews, another browses --------------------------
tmux_start 100 30 "$WINNOW" "$tmp/d.csv" --threads 1
ok "the first winnow opens" wait_for "all 150 rows"
keys p
ok "runs PICO" wait_for "flagged rows," 60
keys r
ok "and reviews" wait_for "in the queue"
keys a
ok "a first decision" wait_for "reviewed 1 of"
wait_idle
before=$(cksum <"$J")
cache=$(cksum <"$C")

headless plain "2"
ok "a second winnow without --read-only is refused (73)" \
    test "$(cat "$tmp/plain.rc")" = 73
ok "naming the holder and --read-only" grep -q \
    "in use by another winnow (process [0-9]*); --read-only browses it" \
    "$tmp/plain"

headless ro "" --read-only
ok "--read-only opens it" test "$(cat "$tmp/ro.rc")" = 0
ok "on the review, with the other's decision" \
    grep -q "read-only: reviewed 1 of" "$tmp/ro"
headless ro "<Enter> a" --read-only
ok "a says read-only" grep -q "read-only: nothing is recorded" "$tmp/ro"
headless ro "<Enter> x" --read-only
ok "x says read-only" grep -q "read-only: nothing is recorded" "$tmp/ro"
headless ro "<Enter> u" --read-only
ok "u says read-only" grep -q "read-only: nothing is recorded" "$tmp/ro"
headless ro ":flagged<Enter> A" --read-only
ok "the bulk accept says read-only" \
    grep -q "read-only: nothing is recorded" "$tmp/ro"
ok "the journal is unchanged" test "$(cksum <"$J")" = "$before"
ok "and PICO's cache too" test "$(cksum <"$C")" = "$cache"
keys x
ok "the first winnow goes on deciding" wait_for "reviewed 2 of"
keys Q
ok "and quits" wait_for "EXIT=0"
tmux_stop

# ---- 2: a read-only winnow takes no lock -----------------------------
tmux_start 100 30 "$WINNOW" "$tmp/d.csv" --threads 1 --read-only
ok "a read-only winnow browses the review" \
    wait_for "read-only: reviewed 2 of" 60
wait_idle
before=$(cksum <"$J")
headless writer "<Enter> a"
ok "meanwhile a writer opens the journal" \
    test "$(cat "$tmp/writer.rc")" = 0
ok "and decides" grep -q "reviewed 3 of" "$tmp/writer"
ok "into the journal" test "$(cksum <"$J")" != "$before"
keys Enter a
ok "the read-only one still records nothing" \
    wait_for "read-only: nothing is recorded"
keys Q
ok "and quits" wait_for "EXIT=0"
tmux_stop

done_testing
