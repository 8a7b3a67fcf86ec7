# bench/lib.sh - what the benchmark scripts share, sourced first thing:
# SRCDIR, BUILD and WINNOW (defaults from the script's own place), $dir
# where the generated data and the scratch files live (made), and
# measure, the best of some timed runs.

: "${SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BUILD:=$SRCDIR/build}"
: "${WINNOW:=$BUILD/winnow}"
dir=$BUILD/bench
timeit=$dir/timeit
mkdir -p "$dir"

# measure NAME RUNS CMD...: the run with the best wall time of RUNS
# runs -> $wall $cpu $rss (KB), its output in $dir/best.out and
# $dir/best.err; a failed run prints its stderr and ends the script.
# Runs are niced: the machine may be shared.
measure() {
	_name=$1 _n=$2
	shift 2
	wall= cpu= rss=
	_i=0
	while [ "$_i" -lt "$_n" ]; do
		if ! nice "$timeit" "$dir/timeit.out" "$@" >"$dir/stdout.out" \
		    2>"$dir/stderr.out"; then
			echo "bench: $_name failed:" >&2
			cat "$dir/stderr.out" >&2
			exit 1
		fi
		_w=$(sed 's/.*wall=\([0-9.]*\).*/\1/' "$dir/timeit.out")
		_c=$(sed 's/.*cpu=\([0-9.]*\).*/\1/' "$dir/timeit.out")
		_r=$(sed 's/.*maxrss_kb=\([0-9]*\).*/\1/' "$dir/timeit.out")
		if [ -z "$wall" ] || awk "BEGIN{exit !($_w < $wall)}"; then
			wall=$_w cpu=$_c rss=$_r
			mv "$dir/stdout.out" "$dir/best.out"
			mv "$dir/stderr.out" "$dir/best.err"
		fi
		_i=$((_i + 1))
	done
	rm -f "$dir/timeit.out" "$dir/stdout.out" "$dir/stderr.out"
}
