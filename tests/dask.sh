# tests/dask.sh - what the tests of cluster/winnow_dask.py share, sourced
# after tests/lib.sh: the whole test is skipped without Debian's Dask;
# $py and $drv run the driver, drive() checks its exit status, and
# sourcing it starts a LocalCluster of two worker processes that most
# runs share (--scheduler "$addr", to keep the tests short), stopped at
# exit; split_parts, write_killer and in_third_range make the folder of
# parts, the worker killed mid-job and the malformed record the tests
# feed it.

py=/usr/bin/python3
if ! [ -x $py ] || ! $py -c 'import dask, distributed' 2>/dev/null; then
	skip_all "Dask is not installed (python3-dask, python3-distributed)"
fi
drv="$py $SRCDIR/cluster/winnow_dask.py --winnow $WINNOW"

# drive WANT OUT ERR ARGS...: exits (tests/lib.sh), for the driver
drive() {
	_w=$1 _o=$2 _e=$3
	shift 3
	exits "$_w" "$_o" "$_e" $drv "$@"
}

# start_cluster: the shared cluster, its address to come in $tmp/addr; it
# stops when its standard input closes (the fifo's writer is this shell)
start_cluster() {
	mkfifo "$tmp/hold"
	$py -c '
import logging, sys
from distributed import LocalCluster
c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                 dashboard_address=":0", silence_logs=logging.ERROR)
open(sys.argv[1] + ".tmp", "w").write(c.scheduler_address)
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
sys.stdin.read()
c.close()
' "$tmp/addr" <"$tmp/hold" >"$tmp/cluster.log" 2>&1 &
	cpid=$!
	exec 9>"$tmp/hold"
	trap 'stop_cluster; lib_cleanup' EXIT
}

stop_cluster() {
	exec 9>&-
	wait $cpid 2>/dev/null
}

# wait_cluster: $addr, once the shared cluster has said it (up to a
# minute); a test then checks that it is not empty
wait_cluster() {
	_i=0
	while [ $_i -lt 600 ] && [ ! -s "$tmp/addr" ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	addr=$(cat "$tmp/addr" 2>/dev/null)
}

start_cluster

# records N SEED BAD ROW: a CSV of columns id, x, cat, text, label and N
# records, each printed by the awk statements ROW (i its number, rand()
# seeded with SEED), with the malformed record "1,2" before record BAD
# (none when BAD is 0)
records() {
	awk -v n="$1" -v seed="$2" -v bad="$3" 'BEGIN { srand(seed)
	print "id,x,cat,text,label"
	for (i = 1; i <= n; i++) {
		if (i == bad)
			print "1,2"
		'"$4"'
	} }'
}

# split_parts FILE R...: FILE's records into a folder parts/ of files
# p0.csv, p1.csv ..., each with FILE's header, a new one starting at each
# record number R (a record starts on a line that starts with its id)
split_parts() {
	_f=$1
	shift
	mkdir parts
	awk -v at="$*" 'BEGIN { p = -1; split(at, a); for (i in a) s[a[i]] }
	    NR == 1 { h = $0; next }
	    /^[0-9]+,/ { r++; if (r == 1 || (r in s)) {
		p++; f = sprintf("parts/p%d.csv", p); print h >f } }
	    { print >f }' "$_f"
}

# write_killer OPTION: ./killer, a winnow that the first time it runs
# with OPTION kills the worker process that runs it (its parent), so
# that Dask runs the task again; winnow itself otherwise
write_killer() {
	cat >killer <<EOF
#!/bin/sh
case " \$* " in
*" $1 "*)
	if mkdir "$tmp/killed" 2>/dev/null; then
		kill -9 \$PPID
		exit 137
	fi ;;
esac
exec "$WINNOW" "\$@"
EOF
	chmod +x killer
}

# in_third_range FILE: true when FILE's malformed record (the line
# "1,2") starts in the third of four equal byte ranges; $line is its
# line number
in_third_range() {
	_size=$(wc -c <"$1")
	_at=$(awk '/^1,2$/ { print n; exit } { n += length($0) + 1 }' "$1")
	line=$(grep -n '^1,2$' "$1" | cut -d: -f1)
	test "$_at" -ge $((_size / 2)) -a "$_at" -lt $((_size * 3 / 4))
}
