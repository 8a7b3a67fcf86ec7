#!/bin/sh
# t6330-copy-tmux - y and Y in the real program, in tmux (tests/lib.sh):
# the terminal's terminfo entry has Ms, so the text goes out as OSC 52,
# which tmux (set-clipboard on) puts in its paste buffer; with
# --clipboard file it goes to the clipboard's file instead, and the
# message line names it.
cd "$SRCDIR" || exit 1
. tests/lib.sh
need tmux "tmux is not installed"
infocmp -x xterm-256color 2>/dev/null | grep -q 'Ms=' ||
    skip_all "the terminfo entry xterm-256color has no Ms"

# the paste buffer, or nothing
buffer() {
	T show-buffer 2>/dev/null
}
# wait_buffer TEXT: poll the paste buffer until it is TEXT
wait_buffer() {
	_end=$(($(date +%s) + 10))
	while [ "$(buffer)" != "$1" ]; do
		[ "$(date +%s)" -ge "$_end" ] && {
			echo "the buffer is '$(buffer)', not '$1'"
			return 1
		}
		sleep 0.05
	done
}

tmux_start 100 30 "$WINNOW" tests/data/iris-noisy.csv --threads 1 \
    --journal "$tmp/j"
T set-option -g set-clipboard on
ok "the workbench opens" wait_for "all 150 rows"
keys 2 j l
ok "the Table, row 2" wait_for "row 2 of 150"
keys y
ok "y: the cell goes to the clipboard" \
    wait_for "copied the cell (3 bytes) to the clipboard"
ok "by OSC 52, which tmux keeps" wait_buffer "4.9"
keys Y
ok "Y: the row as a CSV record" wait_for "copied the row"
ok "quoted where a field needs it" wait_buffer \
    '2,4.9,3.0,1.4,0.2,"sepal 4.9 by 3.0 cm, petal 1.4 by 0.2 cm",setosa'
keys Enter
ok "the Record" wait_for "comment"
keys y
ok "y in the Record copies the current column's cell" \
    wait_for "copied the cell"
ok "the same cell" wait_buffer "4.9"
keys Q
ok "quits" wait_for "EXIT=0"
tmux_stop

mkdir "$tmp/run" && chmod 700 "$tmp/run"
tmux_start 100 30 env XDG_RUNTIME_DIR="$tmp/run" "$WINNOW" \
    tests/data/iris-noisy.csv --threads 1 --journal "$tmp/j" \
    --clipboard file
ok "the workbench opens" wait_for "all 150 rows"
keys 2 j l y
ok "--clipboard file: the message names the file" \
    wait_for "copied the cell (3 bytes) to $tmp/run/winnow-clipboard"
ok "which holds the cell" test "$(cat "$tmp/run/winnow-clipboard")" = 4.9
ok "and nothing went to tmux" test -z "$(buffer)"
keys Q
ok "quits" wait_for "EXIT=0"
tmux_stop

done_testing
