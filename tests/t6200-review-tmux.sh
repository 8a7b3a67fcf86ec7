#!/bin/sh
# The review loop end to end: the real ncurses program in tmux on a
# private socket, every wait a poll of the screen with a deadline.
#
# 1. a copy of fortunes8 with labels flipped on purpose (by a journal and
#    winnow export): p runs PICO, the Flagged view shows, r reviews ten
#    rows with a, x, digits and u; quit; the journal holds the decisions;
#    reopening resumes on the row where the review stood;
# 2. SIGKILL in the middle of a session: every decision acknowledged on
#    screen is in the journal, which still parses, and a restart shows
#    them all.
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
cd "$SRCDIR" || exit 1
base="winnow-t6200-$$"
sock=$base-1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/winnow-review.XXXXXX") || exit 1
T() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	for s in 1 2 3 4; do
		tmux -L "$base-$s" -f /dev/null kill-server >/dev/null 2>&1
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

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
	end=$(($(date +%s) + ${2:-30}))
	while :; do
		if T capture-pane -p -t w 2>/dev/null | grep -qF -- "$1"; then
			return 0
		fi
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.05
	done
}
keys() { T send-keys -t w "$@"; }
screen() { T capture-pane -p -t w; }
start() {
	cat >"$tmp/run.sh" <<EOS
TERM=xterm-256color "\$@"
echo "EXIT=\$?"
exec sleep 120
EOS
	T new-session -d -s w -x 110 -y 32 sh "$tmp/run.sh" "$@"
}
# decided JOURNAL: the rows with a verdict, read through the journal API
decided() {
	"$BUILD/tests/jtool" decided "$1" 2>/dev/null
}

echo "1..17"

# ---- the noisy copy: every 20th fortune relabelled "food" ------------
cp datasets/fortunes8.csv "$tmp/f.csv"
"$BUILD/tests/jtool" create "$tmp/f.csv" "$tmp/noise.j" label id &&
    "$BUILD/tests/jtool" bulk "$tmp/noise.j" noise relabel food - \
    $(seq 20 20 3140) &&
    "$WINNOW" export "$tmp/f.csv" --journal "$tmp/noise.j" \
    --out "$tmp/noisy.csv" --quiet
ok $? "a noisy copy of fortunes8"
data=$tmp/noisy.csv
J=$data.winnow/journal

# ---- 1: run, review ten rows, quit, resume ---------------------------
start "$WINNOW" "$data" --id id --label label --threads 1 --reviewer ann
wait_for "all 3,154 rows"; ok $? "the workbench opens"
keys p
wait_for "flagged rows," 60; ok $? "p runs PICO and shows the Flagged view"
keys r
wait_for "in the queue, by uncertainty"; ok $? "r opens the review card"
# ten verdicts with a, x and digits, one undone along the way
want=0
bad=0
for k in a x 1 2 a x a u a 3 x a; do
	keys "$k"
	if [ "$k" = u ]; then want=$((want - 1)); else want=$((want + 1)); fi
	wait_for "reviewed $want of" 10 || bad=1
done
[ $bad = 0 ]; ok $? "each decision shows at once (reviewed 10)"
where=$(screen | grep -o '[0-9]* of [0-9]*: row [0-9]*' | tail -1)
row=${where##* }
[ -n "$row" ]; ok $? "the status line says where the review stands ($where)"
keys q q q
wait_for "EXIT=0"; ok $? "q q q quits"
[ "$(decided "$J")" = 10 ]; ok $? "the journal has the ten verdicts"
[ "$(grep -c '	undo	' "$J")" = 1 ]; ok $? "and the undo"
T kill-server >/dev/null 2>&1

sock=$base-2
start "$WINNOW" "$data" --id id --label label --threads 1 --reviewer ann
wait_for "in the queue, by uncertainty" 60
ok $? "reopening resumes in the Review view"
wait_for "reviewed 10 of"; ok $? "with the ten decisions"
wait_for ": row $row"; ok $? "on the row where the review stood (row $row)"
keys u
wait_for "reviewed 9 of"; ok $? "undo works across the restart"
keys Q
wait_for "EXIT=0"
T kill-server >/dev/null 2>&1

# ---- 2: SIGKILL mid-session ----------------------------------------
sock=$base-3
J2=$tmp/kill.j
start "$WINNOW" "$data" --id id --label label --threads 1 --journal "$J2"
wait_for "all 3,154 rows"
keys p
wait_for "flagged rows," 60
keys r
wait_for "in the queue, by uncertainty"
want=0
for k in a x a 1 d a; do
	keys "$k"
	want=$((want + 1))
	wait_for "reviewed $want of" 10 || break
done
pid=$(pgrep -P "$(T display -p -t w '#{pane_pid}')" winnow)
[ -n "$pid" ] && kill -KILL "$pid"
wait_for "EXIT=137"; ok $? "SIGKILL after $want acknowledged decisions"
[ "$(decided "$J2")" = "$want" ]; ok $? "none of them is lost"
"$BUILD/tests/jtool" decided "$J2" >/dev/null 2>&1
ok $? "the journal still parses"
T kill-server >/dev/null 2>&1
sock=$base-4
start "$WINNOW" "$data" --id id --label label --threads 1 --journal "$J2"
wait_for "reviewed $want of" 60; ok $? "a restart shows them all"
keys Q
wait_for "EXIT=0"
