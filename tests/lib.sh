# lib.sh - what the shell tests share (sourced, not run): TAP output,
# running winnow with an expected exit status, looking into files, JSON
# through perl's core JSON::PP, and the driver of the end-to-end tests
# that run the real program in tmux.
#
# A test sources it after `cd "$SRCDIR"` and ends with done_testing.
# $tmp is a directory of the test's own, removed at exit together with
# every tmux server the test started: tests run side by side (make check
# runs prove -j2), so nothing may be written to a fixed path.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/winnow-test.XXXXXX") || exit 1
n=0
failed=0
# a command whose output, as comments, follows every failed check
ok_diag=
tmux_sockets=

lib_cleanup() {
	for _s in $tmux_sockets; do
		tmux -L "$_s" -f /dev/null kill-server >/dev/null 2>&1
		# the server leaves its socket file behind
		rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$_s"
	done
	rm -rf "$tmp"
}
trap lib_cleanup EXIT
trap 'exit 1' INT TERM HUP

# ok NAME COMMAND...: one check, the command's exit status its verdict.
# What the command printed is shown, as comments, only when it fails.
ok() {
	_name=$1
	shift
	n=$((n + 1))
	if "$@" >"$tmp/.ok" 2>&1; then
		echo "ok $n - $_name"
	else
		echo "not ok $n - $_name"
		failed=1
		sed 's/^/# /' "$tmp/.ok"
		if [ -n "$ok_diag" ]; then
			$ok_diag 2>&1 | sed 's/^/# | /'
		fi
	fi
}

# check NAME FOUND: one check that passes when FOUND, what a search
# found, is empty; what it found is shown when it is not
check() {
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		failed=1
		printf '%s\n' "$2" | sed 's/^/# /'
	fi
}

# skip NAME WHY: a check that cannot run here, counted and said so
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # skip $2"
}

# skip_all WHY: the whole test cannot run here (before any check)
skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

# need COMMAND WHY: skip the whole test unless COMMAND is installed
need() {
	command -v "$1" >/dev/null 2>&1 || skip_all "$2"
}

done_testing() {
	echo "1..$n"
	exit $failed
}

# --- checks -----------------------------------------------------------

# exits WANT OUT ERR COMMAND...: run COMMAND with stdout in OUT and
# stderr in ERR; true when it exits with status WANT, else what it
# exited with and the start of its stderr are printed
exits() {
	_want=$1 _out=$2 _err=$3
	shift 3
	"$@" >"$_out" 2>"$_err"
	_got=$?
	[ "$_got" -eq "$_want" ] && return 0
	echo "exit status $_got, not $_want; its stderr:"
	head -c 2000 "$_err"
	return 1
}

# status WANT OUT ERR ARGS...: exits, for winnow ARGS
status() {
	_w=$1 _o=$2 _e=$3
	shift 3
	exits "$_w" "$_o" "$_e" "$WINNOW" "$@"
}

# has FILE REGEX: a line of FILE matches the basic regular expression
has() {
	finds "$1" "$2"
}

# contains FILE TEXT: a line of FILE holds the fixed string TEXT
contains() {
	finds "$1" "$2" -F
}

# finds FILE PATTERN [GREP-OPTION]: grep finds PATTERN in FILE; else the
# start of FILE is shown
finds() {
	grep -q $3 -e "$2" "$1" && return 0
	echo "nothing in $1 matches '$2'; it begins:"
	head -c 2000 "$1"
	return 1
}

# hasnt FILE REGEX: no line of FILE matches
hasnt() {
	grep -q -e "$2" "$1" || return 0
	echo "lines that match /$2/ in $1:"
	grep -e "$2" "$1" | head -20
	return 1
}

# json FILE PERL-EXPR: true when the expression holds for $j, the
# decoded document
json() {
	perl -MJSON::PP -e '
		local $/; open my $f, "<", $ARGV[0] or exit 2;
		my $j = JSON::PP->new->decode(<$f>);
		exit(eval($ARGV[1]) ? 0 : 1);' "$1" "$2"
}

# splice_sum BAD GOOD N: compressed file BAD with the 4 bytes N from
# its end (gzip's CRC-32 at 8, zstd's checksum at 4) taken from GOOD:
# damage that shows only in the checksum
splice_sum() {
	perl -e 'sub slurp { open my $f, "<", $_[0] or die; binmode $f;
		local $/; <$f> }
		my ($b, $g) = (slurp($ARGV[0]), slurp($ARGV[1]));
		substr($b, -$ARGV[2], 4) = substr($g, -$ARGV[2], 4);
		binmode STDOUT; print $b' "$@"
}

# unrelated_labels SEED ROWS: a CSV of ROWS rows, id, two columns x and
# y of whole numbers below 1,000 and a label of three classes c0 to c2,
# drawn apart from them (a Park-Miller generator: exact in any awk)
unrelated_labels() {
	awk -v s="$1" -v n="$2" 'BEGIN { print "id,x,y,label"
	    for (i = 1; i <= n; i++) {
		s = (s * 16807) % 2147483647; a = s % 1000
		s = (s * 16807) % 2147483647; b = s % 1000
		s = (s * 16807) % 2147483647
		printf "%d,%d,%d,c%d\n", i, a, b, s % 3
	    } }'
}

# widest FILE: the width of FILE's widest line in characters (UTF-8)
widest() {
	perl -CSD -ne 'chomp; $m = length if length > $m;
	    END { print $m + 0, "\n" }' "$1"
}

# --- the real program in tmux ------------------------------------------
#
# Every server is private (-L) and has no configuration; its socket name
# holds the test's name, its process id and a count, so that tests
# running side by side never share one.  Waits poll the screen with a
# deadline instead of sleeping; a failed check shows the screen.

# tmux_start COLS ROWS CMD...: a new server with one session "w" of that
# size, whose shell saves the terminal modes (stty -g) in $tmp/before,
# runs CMD with TERM=xterm-256color, saves them again in $tmp/after,
# prints EXIT=status and waits
tmux_start() {
	tmux_n=$((${tmux_n:-0} + 1))
	sock=winnow-$(basename "$0" .sh)-$$-$tmux_n
	tmux_sockets="$tmux_sockets $sock"
	_cols=$1 _rows=$2
	shift 2
	cat >"$tmp/run.sh" <<EOS
stty -g >"$tmp/before"
TERM=xterm-256color "\$@"
status=\$?
stty -g >"$tmp/after"
echo "EXIT=\$status"
exec sleep 300
EOS
	T new-session -d -s w -x "$_cols" -y "$_rows" sh "$tmp/run.sh" "$@"
	ok_diag=screen
}

# tmux_stop: end the current server
tmux_stop() {
	T kill-server >/dev/null 2>&1
	ok_diag=
}

# T ARGS...: tmux on the current server
T() {
	tmux -L "$sock" -f /dev/null "$@"
}

# keys KEY...: type into the session (tmux send-keys names)
keys() {
	T send-keys -t w "$@"
}

# screen: what the session shows
screen() {
	T capture-pane -p -t w
}

# wait_for TEXT [SECONDS]: poll the screen until TEXT shows (default 30
# s); a timeout says so on stderr
wait_for() {
	screen_poll 0 "$@" && return 0
	echo "no '$1' on the screen after ${2:-30} s" >&2
	return 1
}

# wait_gone TEXT [SECONDS]: poll the screen until TEXT no longer shows
wait_gone() {
	screen_poll 1 "$@" && return 0
	echo "'$1' still on the screen after ${2:-30} s" >&2
	return 1
}

# screen_poll WANT TEXT [SECONDS]: poll until grep -F TEXT on the screen
# exits with status WANT (0: TEXT is there, 1: it is not); false at the
# deadline
screen_poll() {
	_end=$(($(date +%s) + ${3:-30}))
	while :; do
		screen 2>/dev/null | grep -qF -e "$2"
		[ $? -eq "$1" ] && return 0
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.05
	done
}

# wait_idle [SECONDS]: poll until no job runs.  While one does, the last
# line offers "<C-c> or q cancels" and q cancels the job instead of
# going back: a test waits for this before a q that must go back.  Jobs
# start with the key that asks for them, so once the screen shows that
# key's effect, a job it started is on the screen too.
wait_idle() {
	wait_gone "or q cancels" "$@"
}

# pane_pid NAME: the process id of the program NAME in the session
pane_pid() {
	pgrep -P "$(T display -p -t w '#{pane_pid}')" "$1"
}
