#!/bin/sh
# t6200-review-tmux - the review loop end to end: the real ncurses
# program in tmux (tests/lib.sh: a private server per session, every
# wait a poll of the screen with a deadline).
#
# 1. a copy of fortunes8 with labels flipped on purpose (by a journal and
#    winnow export): p runs PICO, the Flagged view shows, r reviews ten
#    rows with a, x, picks (c, then a digit) and u; quit; the journal
#    holds the decisions; reopening lands on the view the session quit
#    from, and r resumes on the row where the review stood; a session
#    that quit from the Review reopens on it, holding its keys until
#    Enter;
# 2. SIGKILL in the middle of a session: every decision acknowledged on
#    screen is in the journal, which still parses, and a restart shows
#    them all.
cd "$SRCDIR" || exit 1
. tests/lib.sh
need tmux "tmux is not installed"

# decided JOURNAL: the rows with a verdict, read through the journal API
decided() {
	"$BUILD/tests/jtool" decided "$1" 2>/dev/null
}

# ---- the noisy copy: every 20th fortune relabelled "food" ------------
cp datasets/fortunes8.csv "$tmp/f.csv"
noisy() {
	"$BUILD/tests/jtool" create "$tmp/f.csv" "$tmp/noise.j" label id &&
	    "$BUILD/tests/jtool" bulk "$tmp/noise.j" noise relabel food - \
	    $(seq 20 20 3140) &&
	    "$WINNOW" export "$tmp/f.csv" --journal "$tmp/noise.j" \
	    --out "$tmp/noisy.csv" --quiet
}
ok "a noisy copy of fortunes8" noisy
data=$tmp/noisy.csv
J=$data.winnow/journal

# ---- 1: run, review ten rows, quit, resume ---------------------------
tmux_start 110 32 "$WINNOW" "$data" --id id --label label --threads 1 \
    --reviewer ann
ok "the workbench opens" wait_for "all 3,154 rows"
keys p
ok "p runs PICO and shows the Flagged view" wait_for "flagged rows," 60
keys r
ok "r opens the review card" wait_for "in the queue, by suspicion"
# ten verdicts with a, x and picks, one undone along the way; each
# must show before the next key
review_ten() {
	want=0
	for k in a x c1 c2 a x a u a c3 x a; do
		case $k in
		c?)
			keys c
			wait_for "pick a class:" 10 || return 1
			keys "${k#c}" ;;
		*)
			keys "$k" ;;
		esac
		if [ "$k" = u ]; then
			want=$((want - 1))
		else
			want=$((want + 1))
		fi
		wait_for "reviewed $want of" 10 || return 1
	done
}
ok "each decision shows at once (reviewed 10)" review_ten
where=$(screen | grep -o '[0-9]* of [0-9]*: row [0-9]*' | tail -1)
row=${where##* }
ok "the status line says where the review stands ($where)" test -n "$row"
wait_idle
keys q q q
ok "q q q quits" wait_for "EXIT=0"
ok "the journal has the ten verdicts" test "$(decided "$J")" = 10
ok "and the undo" test "$(grep -c '	undo	' "$J")" = 1
tmux_stop

tmux_start 110 32 "$WINNOW" "$data" --id id --label label --threads 1 \
    --reviewer ann
ok "reopening lands on the Overview, where q q q left" \
    wait_for "sorted by file order" 60
ok "with the ten decisions" wait_for "reviewed 10 of"
wait_idle
keys r
ok "r resumes the review" wait_for "in the queue, by suspicion"
ok "on the row where the review stood (row $row)" wait_for ": row $row"
keys u
ok "undo works across the restart" wait_for "reviewed 9 of"
wait_idle
keys Q
ok "Q quits with status 0" wait_for "EXIT=0"
tmux_stop

tmux_start 110 32 "$WINNOW" "$data" --id id --label label --threads 1 \
    --reviewer ann
ok "quit from the Review, a reopen lands on it" \
    wait_for "in the queue, by suspicion" 60
ok "holding its keys until Enter" wait_for "Enter goes on deciding"
keys Enter
ok "Enter lets the keys decide" wait_for "the keys decide again"
keys Q
ok "Q quits" wait_for "EXIT=0"
tmux_stop

# ---- 2: SIGKILL mid-session ----------------------------------------
J2=$tmp/kill.j
tmux_start 110 32 "$WINNOW" "$data" --id id --label label --threads 1 \
    --journal "$J2"
ok "the workbench opens again" wait_for "all 3,154 rows"
keys p
ok "p runs PICO" wait_for "flagged rows," 60
keys r
ok "r reviews" wait_for "in the queue, by suspicion"
# six verdicts, each acknowledged on screen before the next key
review_six() {
	want=0
	for k in a x a c 1 d a; do
		keys "$k"
		[ "$k" = c ] && continue
		want=$((want + 1))
		wait_for "reviewed $want of" 10 || return 1
	done
}
ok "six decisions acknowledged" review_six
pid=$(pane_pid winnow)
ok "the program runs in the pane" test -n "$pid"
kill -KILL "$pid" 2>/dev/null
ok "SIGKILL after $want acknowledged decisions" wait_for "EXIT=137"
ok "none of them is lost" test "$(decided "$J2")" = "$want"
ok "the journal still parses" "$BUILD/tests/jtool" decided "$J2"
tmux_stop
tmux_start 110 32 "$WINNOW" "$data" --id id --label label --threads 1 \
    --journal "$J2"
ok "a restart shows them all" wait_for "reviewed $want of" 60
keys Q
ok "Q quits with status 0 after the restart" wait_for "EXIT=0"
done_testing
