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
. tests/lib.sh
sock=winnow-t0180-$$
T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
# on_screen TEXT: poll the screen for TEXT, 20 s at the most
on_screen() {
	end=$(($(date +%s) + 20))
	until T capture-pane -p -t w 2>/dev/null | grep -qF -- "$1"; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.05
	done
}

d=$tmp/d.csv
cp datasets/iris.csv "$d"
T new-session -d -s w -x 120 -y 30 \
    "TERM=xterm-256color '$WINNOW' '$d' --label label; sleep 120"
ok "the workbench has loaded the file" on_screen "column 1 of 6"
T send-keys -t w ":w $tmp/first.csv" Enter
ok ":w writes while the file is the same" on_screen "wrote $tmp/first.csv"
# row 10's sepal length 4.9 -> 4.8: the same size, a row nobody decided
sed '11s/^10,4\.9,/10,4.8,/' "$d" >"$tmp/edit" && cat "$tmp/edit" >"$d"
T send-keys -t w ":w $tmp/clean.csv" Enter
ok ":w after a same-size edit: refused, naming the file" \
    on_screen "d.csv: the file changed since it was loaded"
ok "nothing written, no temp file left" sh -c "test ! -e '$tmp/clean.csv' &&
    ! ls -a '$tmp' | grep -q '\.tmp-'"
T send-keys -t w q
done_testing
