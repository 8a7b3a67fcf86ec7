#!/bin/sh
# t6100-tmux - end to end: the real ncurses program in tmux, driven by
# keys, read back with capture-pane (tests/lib.sh: a private server per
# session, TERM=xterm-256color inside, every wait a poll of the screen
# with a deadline).
#
# 1. open a dataset, walk the views, filter with a regex, drill in, quit,
#    and check the terminal was given back (modes, alternate screen);
# 2. cells holding escape sequences, bells and backspaces show escaped
#    and change neither the window title nor the screen;
# 3. in colour, the histogram's legend shows the solid bars it keys.
cd "$SRCDIR" || exit 1
. tests/lib.sh
need tmux "tmux is not installed"

# alt: 1 when the session shows the alternate screen
alt() {
	T display -p -t w '#{alternate_on}'
}

# ---- 1: a walk through the views ------------------------------------
tmux_start 100 30 "$WINNOW" datasets/iris.csv --label label
ok "the workbench opens on the Overview" wait_for "column 1 of 6"
ok "on the alternate screen" test "$(alt)" = 1
keys j j j Enter
ok "Enter opens the histogram of the column under the cursor" \
    wait_for "petal length (cm)  float, 150 rows"
keys j Enter
ok "Enter on a bar drills into its rows" wait_for "filter: 3 of 150 rows"
keys Enter
ok "Enter opens a record" wait_for "Row 1 of 3"
keys Right Right
ok "right goes to the next row" wait_for "Row 3 of 3"
wait_idle
keys q
wait_gone "Row 3 of 3"
wait_idle
keys q
ok "q q goes back to the histogram" wait_for "bar 2 of 5"
ok "and the drill-down filter is gone" wait_for "all 150 rows"
keys Tab
ok "Tab: the crosstab" wait_for "cell 1, 1 of"
keys Tab
ok "Tab: the labels" wait_for "class 1 of 3"
keys Tab Tab
ok "Tab: round to the table, on the row last seen" wait_for "row 99 of 150"
keys g '|' '^vir' Enter
ok "a regex filter on the text columns" wait_for "filter: 50 of 150 rows"
keys u
ok "u removes it" wait_for "all 150 rows"
keys '?'
ok "? shows the help" wait_for "Help: ? or q closes"
keys q
ok "q closes the help" wait_gone "Help: ? or q closes"
wait_idle
keys q
ok "q goes back to the Overview" wait_for "column 4 of 6"
wait_idle
keys q
ok "q on the last view quits with status 0" wait_for "EXIT=0"
ok "terminal modes restored" cmp "$tmp/before" "$tmp/after"
ok "alternate screen left" test "$(alt)" = 0
tmux_stop

# ---- 2: escape sequences in the data ------------------------------
tmux_start 100 30 "$WINNOW" tests/data/escapes.csv --no-color
ok "the escapes file opens" wait_for "all 9 rows"
keys 2 l l
ok "an OSC sequence shows escaped" wait_for '\x1b]0;pwned^G'
ok "the window title is untouched" \
    test -z "$(T display -p -t w '#{pane_title}' | grep pwned)"
ok "backspaces and bells show as ^H and ^G" \
    wait_for 'back^H^Hspace and bell^G' 1
keys Q
ok "Q quits with status 0" wait_for "EXIT=0"
tmux_stop

tmux_start 100 30 "$WINNOW" datasets/fortunes8.csv
ok "fortunes8 opens" wait_for "all 3,154 rows"
keys : 'goto 185' Enter Enter
ok "fortunes8: backspaces in a record show as ^H" \
    wait_for '______^H^H^H^H^H^Hcourse'
# SIGTERM gives the terminal back too
pid=$(pane_pid winnow)
ok "the program runs in the pane" test -n "$pid"
kill -TERM "$pid" 2>/dev/null
ok "SIGTERM ends it (status 143)" wait_for "EXIT=143"
ok "and the terminal modes are restored" cmp "$tmp/before" "$tmp/after"
ok "and the alternate screen left" test "$(alt)" = 0
tmux_stop

# ---- 3: the legend in colour ----------------------------------------
tmux_start 100 30 "$WINNOW" datasets/cars.csv
ok "cars opens" wait_for "all 406 rows"
keys 3 b
ok "the histogram stacked by label" wait_for "stacked by label"
ok "in colour its bars are solid" wait_for "█"
ok "and so is its legend (not # = +)" wait_for "█ USA  █ Europe  █ Japan" 5
keys b
ok "side by side" wait_for ", by label"
ok "the same legend" wait_for "█ USA  █ Europe  █ Japan" 5
keys Q
ok "Q quits" wait_for "EXIT=0"
done_testing
