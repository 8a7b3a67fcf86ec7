#!/bin/sh
# t1096-stats-dask - cluster/winnow_dask.py on a LocalCluster of two
# worker processes: `winnow stats` over byte ranges of a generated file
# (records with quoted line ends, so that ranges start inside records)
# and over a folder of parts prints what one process prints; a worker
# killed in the middle of the job (its task is retried elsewhere) changes
# nothing; a malformed record in the third range is reported at the
# file's own line and column, as one process reports it.
#
# Most runs share one cluster (--scheduler) started here, to keep the
# test short; the first run starts its own (--workers 2).
cd "$SRCDIR" || exit 1
. tests/lib.sh

. tests/dask.sh

# 60,000 records (about 2.5 MB), a third with a quoted field holding a
# line end, commas and doubled quotes; every column has fewer than
# 65,536 distinct values, so every figure merges exactly
gen() {
	records 60000 11 "${1:-0}" '
		t = i % 3 == 0 ? "\"a line end\nin it, \"\"quoted\"\"\"" : \
		    "plain " i % 997
		printf "%d,%.3f,c%d,%s,%s\n", i, rand() * 1000, i % 7, t,
		    rand() < 0.4 ? "yes" : rand() < 0.5 ? "no" : "maybe"'
}
gen >"$tmp/g.csv"
cd "$tmp" || exit 1

# the same JSON document, its numbers with fractions within 1e-9 of
# each other: eta comes from per-class moments merged as Chan et al.,
# equal to one pass up to rounding; everything else is equal
same_json() {
	perl -MJSON::PP -e '
		sub same { my ($x, $y, $at) = @_;
			if (ref $x eq "HASH") {
				return 0 unless ref $y eq "HASH" &&
				    join(",", sort keys %$x) eq
				    join(",", sort keys %$y);
				same($x->{$_}, $y->{$_}, "$at.$_") or return 0
				    for keys %$x;
				return 1 }
			if (ref $x eq "ARRAY") {
				return 0 unless ref $y eq "ARRAY" && @$x == @$y;
				same($x->[$_], $y->[$_], "$at\[$_]") or return 0
				    for 0 .. $#$x;
				return 1 }
			return 1 if !defined $x && !defined $y;
			return 0 if !defined $x || !defined $y;
			return 1 if "$x" eq "$y";
			if ("$x$y" =~ /^[-+.0-9e]+$/i && "$x" =~ /[.e]/i &&
			    abs($x - $y) <= 1e-9 * (abs($x) > abs($y) ?
			    abs($x) : abs($y))) { return 1 }
			print "at $at: $x, not $y\n";
			return 0 }
		my @d = map { local $/; open my $f, "<", $_ or die "$_: $!";
		    JSON::PP->new->decode(<$f>) } @ARGV;
		exit(same($d[0], $d[1], "") ? 0 : 1)' "$1" "$2"
}

ok "one process, streamed" status 0 one one.err stats g.csv --label label \
    --memory 1M
ok "one process, JSON" status 0 one.json one.err stats g.csv --label label \
    --memory 1M --json
ok "a LocalCluster of 2 workers, 4 ranges" drive 0 two two.err \
    --workers 2 --partitions 4 --quiet g.csv --label label
ok "the same report, byte for byte" cmp one two
ok "nothing on stderr" sh -c 'cat "$1"; test ! -s "$1"' - two.err
wait_cluster
ok "the shared cluster started" test -n "$addr"
ok "JSON through a scheduler's address, 5 ranges" drive 0 two.json e \
    --scheduler "$addr" --partitions 5 --quiet g.csv --label label --json
ok "the same JSON" same_json one.json two.json
ok "--timing: each worker's peak memory" drive 0 three three.err \
    --scheduler "$addr" --partitions 3 --quiet --timing g.csv --label label
ok "the report" cmp one three
ok "says each worker's winnow's peak RSS" has three.err \
    "^winnow-dask: worker tcp://.*peak RSS: winnow [1-9][0-9]* MB"

# the loaded report agrees where streaming does not change the text
status 0 loaded e stats g.csv --label label
sed -n '2,/^label health/p' loaded >a
sed -n '2,/^label health/p' two >b
ok "and agrees with the loaded file's report" cmp a b

# a folder of parts (each with its header) against their concatenation
# (a record starts on a line that starts with its id)
split_parts g.csv 24001 50001
ok "three parts" test -s parts/p2.csv
cat parts/p0.csv >cat.csv
tail -n +2 parts/p1.csv >>cat.csv
tail -n +2 parts/p2.csv >>cat.csv
ok "the parts are the data" cmp g.csv cat.csv
ok "a folder of parts" drive 0 parts.out parts.err --scheduler "$addr" \
    --quiet parts --label label
sed 1d parts.out >a
sed 1d one >b
ok "reports what one pass over their concatenation reports" cmp b a
ok "named after its first part" has parts.out "^parts/p0.csv: full data"

# a worker killed once in the middle (the first summary's task kills
# the worker process that runs it): Dask runs the task again
write_killer --partial
ok "a worker killed mid-job" drive 0 killed.out killed.err \
    --scheduler "$addr" --partitions 4 --quiet --winnow ./killer g.csv \
    --label label
ok "it was killed" test -d killed
ok "the same report" cmp one killed.out

# a malformed record in the third of four ranges
gen 37000 >bad.csv
ok "the bad record is in the third range" in_third_range bad.csv
status 65 o one.err stats bad.csv --label label
ok "one process names its line and column" has one.err "^winnow: bad.csv:$line:4: "
ok "the cluster exits 65" drive 65 o two.err --scheduler "$addr" \
    --partitions 4 --quiet bad.csv --label label
# (Dask may add its own lines under load, e.g. an unresponsive event loop)
ok "with the same message" test "$(grep '^winnow:' two.err)" = \
    "$(cat one.err)"

# usage
ok "the driver's own options are refused (64)" drive 64 o e --quiet g.csv \
    --range 0:9
ok "saying which" has e "range is the driver's"
ok "a missing source (66)" drive 66 o e --quiet nosuch.csv
done_testing
