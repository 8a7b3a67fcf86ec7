#!/bin/sh
# End to end: the real ncurses program in tmux, driven by keys, read back
# with capture-pane.  A private server (-L) with no config, a fixed-size
# session, TERM=xterm-256color inside; every wait polls the screen with a
# deadline, and the server dies with the test whatever happens.
#
# 1. open a dataset, walk the views, filter with a regex, drill in, quit,
#    and check the terminal was given back (modes, alternate screen);
# 2. cells holding escape sequences, bells and backspaces show escaped
#    and change neither the window title nor the screen.
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
cd "$SRCDIR" || exit 1
base="winnow-t6100-$$"
sock=$base-1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/winnow-tmux.XXXXXX") || exit 1
T() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	for s in 1 2 3; do
		tmux -L "$base-$s" -f /dev/null kill-server >/dev/null 2>&1
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

n=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else
		echo "not ok $n - $2"
		T capture-pane -p -t w 2>/dev/null | sed 's/^/# | /'
	fi
}
# wait_for TEXT [SECONDS]: poll the screen until TEXT shows
wait_for() {
	end=$(($(date +%s) + ${2:-20}))
	while :; do
		if T capture-pane -p -t w 2>/dev/null | grep -qF -- "$1"; then
			return 0
		fi
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.05
	done
}
keys() { T send-keys -t w "$@"; }
# start CMD...: a shell in the pane records the terminal modes, runs
# winnow, then records them again and waits
start() {
	cat >"$tmp/run.sh" <<EOS
stty -g >"$tmp/before"
TERM=xterm-256color "\$@"
status=\$?
stty -g >"$tmp/after"
echo "EXIT=\$status"
exec sleep 120
EOS
	T new-session -d -s w -x 100 -y 30 sh "$tmp/run.sh" "$@"
}

echo "1..24"

# ---- 1: a walk through the views ------------------------------------
start "$WINNOW" datasets/iris.csv --label label
wait_for "column 1 of 6"; ok $? "the workbench opens on the Overview"
[ "$(T display -p -t w '#{alternate_on}')" = 1 ]
ok $? "on the alternate screen"
keys j j j Enter
wait_for "petal length (cm)  float, 150 rows"
ok $? "Enter opens the histogram of the column under the cursor"
keys j Enter
wait_for "filter: 3 of 150 rows"; ok $? "Enter on a bar drills into its rows"
keys Enter
wait_for "Row 1 of 3"; ok $? "Enter opens a record"
keys Right Right
wait_for "Row 3 of 3"; ok $? "right goes to the next row"
keys q q
wait_for "bar 2 of 5"; ok $? "q q goes back to the histogram"
wait_for "all 150 rows"; ok $? "and the drill-down filter is gone"
keys Tab
wait_for "cell 1, 1 of"; ok $? "Tab: the crosstab"
keys Tab
wait_for "class 1 of 3"; ok $? "Tab: the labels"
keys Tab Tab
wait_for "row 99 of 150"; ok $? "Tab: round to the table, on the row last seen"
keys g '/' '^vir' Enter
wait_for "filter: 50 of 150 rows"; ok $? "a regex filter on the text columns"
keys u
wait_for "all 150 rows"; ok $? "u removes it"
keys '?'
wait_for "Help: ? or q closes"; ok $? "? shows the help"
keys q
keys q
wait_for "column 4 of 6"; ok $? "q closes the help, q goes back to the Overview"
keys q
wait_for "EXIT=0"; ok $? "q on the last view quits with status 0"
cmp -s "$tmp/before" "$tmp/after"; ok $? "terminal modes restored"
[ "$(T display -p -t w '#{alternate_on}')" = 0 ]
ok $? "alternate screen left"
T kill-server >/dev/null 2>&1

# ---- 2: escape sequences in the data ------------------------------
sock=$base-2
start "$WINNOW" tests/data/escapes.csv --no-color
wait_for "all 9 rows"
keys 2 l l
wait_for '\x1b]0;pwned^G'; ok $? "an OSC sequence shows escaped"
case $(T display -p -t w '#{pane_title}') in
*pwned*) ok 1 "the window title is untouched" ;;
*) ok 0 "the window title is untouched" ;;
esac
T capture-pane -p -t w | grep -qF 'back^H^Hspace and bell^G'
ok $? "backspaces and bells show as ^H and ^G"
keys Q
wait_for "EXIT=0"
T kill-server >/dev/null 2>&1
sock=$base-3
start "$WINNOW" datasets/fortunes8.csv
wait_for "all 3,154 rows"
keys : 'goto 185' Enter Enter
wait_for '______^H^H^H^H^H^Hcourse'
ok $? "fortunes8: backspaces in a record show as ^H"
# SIGTERM gives the terminal back too
pid=$(pgrep -P "$(T display -p -t w '#{pane_pid}')" winnow)
[ -n "$pid" ] && kill -TERM "$pid"
wait_for "EXIT=143"; ok $? "SIGTERM ends it (status 143)"
cmp -s "$tmp/before" "$tmp/after" &&
    [ "$(T display -p -t w '#{alternate_on}')" = 0 ]
ok $? "and the terminal is restored"
