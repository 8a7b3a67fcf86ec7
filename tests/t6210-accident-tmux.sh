#!/bin/sh
# t6210-accident-tmux - no decision by accident, and no quitting by
# accident: the real ncurses program in tmux (tests/lib.sh).
#
# 1. a dataset with a journal reopens in the Review view holding its
#    keys: 1 to 5 switch views (as on every screen) and Esc goes back;
#    the journal is byte for byte what it was;
# 2. Esc on the first view does not quit, q there quits (the footer says
#    so), :q and Q quit from anywhere;
# 3. p while PICO runs says so.
cd "$SRCDIR" || exit 1
. tests/lib.sh
need tmux "tmux is not installed"

cp tests/data/iris-noisy.csv "$tmp/d.csv"
J=$tmp/d.csv.winnow/journal
printf 'p r a x\n' >"$tmp/keys"
two_verdicts() {
	"$WINNOW" "$tmp/d.csv" --threads 1 --headless 80x24 \
	    --keys "$tmp/keys" >"$tmp/out"
}
ok "a journal with two verdicts" two_verdicts
ok "  (there)" test "$("$BUILD/tests/jtool" decided "$J")" = 2
cp "$J" "$tmp/journal.before"

# ---- 1: 1..5 and Esc on a reopened review ----------------------------
tmux_start 100 30 "$WINNOW" "$tmp/d.csv" --threads 1
ok "reopening shows the review" wait_for "in the queue, by suspicion"
ok "  holding its keys" wait_for "Enter goes on deciding"
wait_idle
keys 1
ok "1: the Overview" wait_for "column 1 of 7"
keys 2
ok "2: the Table" wait_for "row 1 of 150"
keys 3
ok "3: the Histogram" wait_for "bar 1 of"
keys 4
ok "4: the Crosstab" wait_for "cell 1, 1 of"
keys 5
ok "5: the Labels" wait_for "class 1 of 3"
keys Escape
ok "Esc on the first view says q quits" wait_for "q or :q quits"
ok "the journal is unchanged" cmp "$J" "$tmp/journal.before"
ok "  (and still has two verdicts)" \
    test "$("$BUILD/tests/jtool" decided "$J")" = 2
ok "the program runs on" screen_poll 1 "EXIT=" 1
keys r
ok "r shows the review again" wait_for "in the queue, by suspicion"
ok "  without holding: asked for" wait_gone "Enter goes on deciding" 5
keys Escape
ok "Esc goes back from it" wait_for "class 1 of 3"
keys Q
ok "Q quits with status 0" wait_for "EXIT=0"
ok "the journal is still unchanged" cmp "$J" "$tmp/journal.before"
tmux_stop

# ---- 2: Esc never quits; q at the root does, as the footer says -------
tmux_start 100 30 "$WINNOW" datasets/iris.csv --label label
ok "the Overview" wait_for "column 1 of 6"
ok "the footer says q quits here" wait_for "q quit  <Tab> next-view"
keys Escape Escape
ok "Esc Esc: still running" wait_for "q or :q quits"
keys Enter
ok "Enter opens the histogram" wait_for "bar 1 of"
ok "where the footer says q goes back" wait_for "q back  <Tab> next-view"
keys Escape
ok "Esc goes back to the Overview" wait_for "column 1 of 6"
keys 2
ok "2: the Table, the first view now" wait_for "row 1 of 150"
ok "  where q quits" wait_for "q quit  <Tab> next-view"
keys : q Enter
ok ":q quits with status 0" wait_for "EXIT=0"
tmux_stop

tmux_start 100 30 "$WINNOW" datasets/iris.csv --label label
ok "again" wait_for "column 1 of 6"
keys q
ok "q on the first view quits" wait_for "EXIT=0"
tmux_stop

# ---- 3: p while PICO runs --------------------------------------------
tmux_start 110 32 "$WINNOW" datasets/fortunes8.csv --label label \
    --threads 1 --journal "$tmp/f.journal"
ok "fortunes8" wait_for "all 3,154 rows"
# both at once, so that the second comes while the first run is young
keys p p
ok "p again while PICO runs says it runs already" \
    wait_for "PICO is running already: its result shows when it is done" 10
ok "the result shows when it is done" wait_for "flagged rows," 120
keys Q
ok "Q quits" wait_for "EXIT=0"
done_testing
