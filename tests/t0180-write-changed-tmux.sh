#!/bin/sh
# The workbench's :w when the data file changed after it was loaded: a
# same-size edit of a row nobody decided is refused with a message that
# names the file, and nothing is written.  The real program in tmux on a
# private server, every wait a poll of the screen with a deadline.
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
cd "$SRCDIR" || exit 1
sock=winnow-t0180-$$
tmp=$(mktemp -d "${TMPDIR:-/tmp}/winnow-tmux.XXXXXX") || exit 1
T() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	T kill-server >/dev/null 2>&1
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
wait_for() {	# wait_for TEXT [SECONDS]
	end=$(($(date +%s) + ${2:-20}))
	while :; do
		T capture-pane -p -t w 2>/dev/null | grep -qF -- "$1" && return 0
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.05
	done
}

echo "1..5"
d=$tmp/d.csv
cp datasets/iris.csv "$d"
T new-session -d -s w -x 120 -y 30 \
    "TERM=xterm-256color '$WINNOW' '$d' --label label; sleep 120"
wait_for "column 1 of 6"; ok $? "the workbench has loaded the file"
keys() { T send-keys -t w "$@"; }
keys ":w $tmp/first.csv" Enter
wait_for "wrote $tmp/first.csv"; ok $? ":w writes while the file is the same"
# row 10's sepal length 4.9 -> 4.8: the same size, a row nobody decided
sed '11s/^10,4\.9,/10,4.8,/' "$d" >"$tmp/edit" && cat "$tmp/edit" >"$d"
keys ":w $tmp/clean.csv" Enter
wait_for "changed since it was loaded"
ok $? ":w after a same-size edit: refused"
T capture-pane -p -t w | grep -qF "d.csv: the file changed since it was"
ok $? "the message names the file"
test ! -e "$tmp/clean.csv" && ! ls -a "$tmp" | grep -q '\.tmp-'
ok $? "nothing written, no temp file left"
keys q
