#!/bin/sh
# t1095-stats-stream - `winnow stats` past --memory and on partitions:
# a file bigger than the memory it may plan for is read in chunks and
# reports the same figures where they are exact, marks its estimates in
# the text and in JSON; --partial on byte ranges, --plan and --merge give
# the report of one pass; malformed records are reported at the file's
# own line and column from any chunk or range; damaged, foreign and
# mismatched summaries and bad options get their exit statuses.
cd "$SRCDIR" || exit 1
. tests/lib.sh

f=datasets/fortunes8.csv
m=datasets/movies.csv

# the loaded report and the streamed one differ only in the header and
# the duplicate check (fortunes8 is small: 1M of memory streams it)
status 0 "$tmp/full" "$tmp/e" stats $f --label label
status 0 "$tmp/str" "$tmp/e" stats $f --label label --memory 1M
ok "a file above --memory is streamed" has "$tmp/str" "full data, streamed: 3,154 rows"
sed 1d "$tmp/full" | grep -v 'identical rows\|^             \|groups of identical' >"$tmp/a"
sed 1d "$tmp/str" | grep -v 'not checked' >"$tmp/b"
ok "its exact figures are the loaded ones" cmp "$tmp/a" "$tmp/b"
ok "it says the duplicate check did not run" has "$tmp/str" "duplicate rows not checked"
status 0 "$tmp/big" "$tmp/e" stats $f --label label --memory 1G
ok "within --memory nothing changes" cmp "$tmp/full" "$tmp/big"

# a generated file with columns past the exact cap: estimates are marked
awk 'BEGIN { srand(5); print "id,x,cat,label";
	for (i = 1; i <= 120000; i++)
		printf "%d,%.3f,c%d,%s\n", i, rand() * 1000, i % 7,
		    (rand() < 0.5 ? "yes" : "no") }' >"$tmp/gen.csv"
status 0 "$tmp/g" "$tmp/e" stats "$tmp/gen.csv" --label label --memory 2M
ok "an estimated distinct count is marked" has "$tmp/g" "~12"
ok "the bounds are stated" has "$tmp/g" "distinct counts within 2.4%"
ok "quantile bounds too" has "$tmp/g" "within 1.05% of the rows in rank"
status 0 "$tmp/gj" "$tmp/e" stats "$tmp/gen.csv" --label label --memory 2M --json
ok "JSON says it was streamed" json "$tmp/gj" '$j->{streamed}'
ok "JSON marks the estimates with their bounds" json "$tmp/gj" \
    '$j->{stats}[1]{approx}{distinct}{relative_error} > 0.02 && $j->{stats}[1]{approx}{quantiles}{rank_error} > 0.01 && !defined $j->{stats}[3]{approx}'
ok "exact counts stay exact" json "$tmp/gj" \
    '$j->{stats}[1]{count} == 120000 && $j->{stats}[2]{distinct} == 7 && $j->{classes}[0]{count} + $j->{classes}[1]{count} == 120000'
ok "streamed integer column: bins on integers from the sample's plan" json "$tmp/gj" \
    'my @b = grep { $_->{kind} eq "range" } @{$j->{stats}[0]{histogram}{bins}}; @b > 1 && !grep { $_->{lo} != int($_->{lo}) || $_->{hi} != int($_->{hi}) } @b'
status 0 "$tmp/gl" "$tmp/e" stats "$tmp/gen.csv" --label label --json
ok "the loaded JSON has no streamed marks" json "$tmp/gl" '!exists $j->{streamed} && !exists $j->{stats}[1]{approx}'

# missing cells by marker: counted exactly in a sketched column too
awk 'BEGIN { print "v,w,label"; for (i = 1; i <= 90000; i++) {
	v = sprintf("%.4f", i / 7)
	if (i % 91 == 0) v = ""
	if (i % 77 == 0) v = "None"
	if (i % 50 == 0) v = "NA"
	printf "%s,%s,%s\n", v, (i % 3 == 0 ? "n/a" : "w"), (i % 2 ? "yes" : "no") } }' >"$tmp/marks.csv"
status 0 "$tmp/ml" "$tmp/e" stats "$tmp/marks.csv" --json
status 0 "$tmp/ms" "$tmp/e" stats "$tmp/marks.csv" --memory 2M --json
ok "streamed: v is sketched" json "$tmp/ms" '$j->{stats}[0]{approx}{distinct}'
ok "streamed markers of a sketched column are the loaded ones" json "$tmp/ms" \
    'my $m = $j->{stats}[0]{missing_markers}; @$m == 3 && $m->[0]{marker} eq "NA" && $m->[0]{count} == 1800 && $m->[1]{marker} eq "None" && $m->[1]{count} == 1145 && $m->[2]{marker} eq "" && $m->[2]{count} == 882'
ok "... as loaded" json "$tmp/ml" \
    'my $m = $j->{stats}[0]{missing_markers}; @$m == 3 && $m->[0]{count} == 1800 && $m->[1]{count} == 1145 && $m->[2]{count} == 882'
ok "... and of an exact column" json "$tmp/ms" \
    'my $m = $j->{stats}[1]{missing_markers}; @$m == 1 && $m->[0]{marker} eq "n/a" && $m->[0]{count} == 30000'
ksize=$(wc -c <"$tmp/marks.csv")
ok "markers survive a summary file" "$WINNOW" stats "$tmp/marks.csv" --partial "$tmp/k0" --range 0:$((ksize / 2))
ok "... two of them" "$WINNOW" stats "$tmp/marks.csv" --partial "$tmp/k1" --range $((ksize / 2)):$ksize --plan "$tmp/k0"
status 0 "$tmp/km" "$tmp/e" stats --merge "$tmp/kall" "$tmp/k0" "$tmp/k1" --json
ok "... merged: the same counts by marker" json "$tmp/km" \
    'my $m = $j->{stats}[0]{missing_markers}; $m->[0]{count} == 1800 && $m->[1]{count} == 1145 && $m->[2]{count} == 882 && $j->{stats}[1]{missing_markers}[0]{count} == 30000'

# partitions: three byte ranges of one file, merged, report as one pass
size=$(wc -c <$m)
a=$((size / 3)) b=$((size / 3 * 2))
ok "a partial summary of a range" "$WINNOW" stats $m --label label --partial "$tmp/p0" --range 0:$a
ok "the next range, with the first one's plan" "$WINNOW" stats $m --label label --partial "$tmp/p1" --range $a:$b --plan "$tmp/p0"
ok "the last" "$WINNOW" stats $m --label label --partial "$tmp/p2" --range $b:$size --plan "$tmp/p0"
status 0 "$tmp/merged" "$tmp/e" stats --merge "$tmp/all" "$tmp/p0" "$tmp/p1" "$tmp/p2"
ok "--merge writes the merged summary" test -s "$tmp/all"
status 0 "$tmp/one" "$tmp/e" stats $m --label label --memory 1M --seed 1
# movies.csv (456 KB) does not stream below 1M of memory: a partial of
# the whole file is the one pass to compare with
ok "a partial of the whole file" "$WINNOW" stats $m --label label --partial "$tmp/w" --plan "$tmp/p0"
status 0 "$tmp/wm" "$tmp/e" stats --merge "$tmp/w2" "$tmp/w"
ok "three ranges merged report what one pass reports" cmp "$tmp/merged" "$tmp/wm"
status 0 "$tmp/loaded" "$tmp/e" stats $m --label label
sed -n '2,/^label health/p' "$tmp/loaded" >"$tmp/a"
sed -n '2,/^label health/p' "$tmp/merged" >"$tmp/b"
ok "and what the loaded file reports" cmp "$tmp/a" "$tmp/b"
status 0 "$tmp/mj" "$tmp/e" stats --merge "$tmp/all2" "$tmp/p0" "$tmp/p1" "$tmp/p2" --json
ok "--merge --json" json "$tmp/mj" '$j->{rows} == 3201 && $j->{streamed}'

# mismatched and damaged summaries
{ cat $m; i=0; while [ $i -lt 300 ]; do
	echo '9999,Zzz,1,1,,1,Jan 01 2000,R,90,X,Y,Z,W,50,5.5,100,Drama'
	i=$((i + 1)); done; } >"$tmp/m2.csv"
ok "a partial of other data (another plan)" "$WINNOW" stats "$tmp/m2.csv" --label label --partial "$tmp/q1"
status 65 "$tmp/o" "$tmp/e" stats --merge "$tmp/x" "$tmp/p0" "$tmp/q1"
ok "summaries with different plans do not merge (65)" has "$tmp/e" "different plans"
ok "a partial without --label" "$WINNOW" stats $m --partial "$tmp/nl" --range $a:$size --plan "$tmp/p0"
status 65 "$tmp/o" "$tmp/e" stats --merge "$tmp/x" "$tmp/p0" "$tmp/nl"
ok "nor with a different label (65)" has "$tmp/e" "different --label"
head -c 300 "$tmp/p0" >"$tmp/cut"
status 65 "$tmp/o" "$tmp/e" stats --merge "$tmp/x" "$tmp/cut"
ok "a truncated summary is damaged (65)" has "$tmp/e" "cut: damaged summary"
cp "$tmp/p0" "$tmp/flip"
printf 'X' | dd of="$tmp/flip" bs=1 seek=200 conv=notrunc 2>/dev/null
status 65 "$tmp/o" "$tmp/e" stats --merge "$tmp/x" "$tmp/flip"
ok "a flipped byte fails the checksum (65)" has "$tmp/e" "checksum"
status 65 "$tmp/o" "$tmp/e" stats --merge "$tmp/x" $m
ok "a CSV is not a summary (65)" has "$tmp/e" "not a winnow summary"
status 66 "$tmp/o" "$tmp/e" stats --merge "$tmp/x" "$tmp/none"
ok "a missing summary (66)" has "$tmp/e" "cannot open"
status 73 "$tmp/o" "$tmp/e" stats $m --partial "$tmp/no/such/dir/p"
ok "an uncreatable --partial (73)" has "$tmp/e" "cannot create"

# the output rule: never over an input, an existing file with --force
status 73 "$tmp/o" "$tmp/e" stats --merge "$tmp/p1" "$tmp/p0" "$tmp/p1"
ok "--merge never writes over a summary it merges (73)" has "$tmp/e" "p1"
status 73 "$tmp/o" "$tmp/e" stats $m --partial "$tmp/p0"
ok "--partial does not replace a file without --force (73)" test -s "$tmp/p0"
ok "--force replaces it" "$WINNOW" stats $m --partial "$tmp/p0" --force

# malformed records: the file's own line and column, from any chunk
awk 'BEGIN { print "a,b,c"; for (i = 1; i <= 30000; i++)
	printf "%d,\"x\ny\",%d\n", i, i; print "1,2"; print "3,4,5" }' >"$tmp/bad.csv"
status 65 "$tmp/o" "$tmp/e1" stats "$tmp/bad.csv"
status 65 "$tmp/o" "$tmp/e2" stats "$tmp/bad.csv" --memory 1M
ok "a short row deep in a streamed file: the loader's message" cmp "$tmp/e1" "$tmp/e2"
ok "at the file's line" has "$tmp/e1" "bad.csv:60002:4:"
status 65 "$tmp/o" "$tmp/e3" stats "$tmp/bad.csv" --partial "$tmp/bp" --range 200000:999999
ok "and from a range that starts mid-file" cmp "$tmp/e1" "$tmp/e3"
# the same range from a known boundary: record 20,000 ends line 40,001
at=$(head -n 40001 "$tmp/bad.csv" | wc -c)
status 65 "$tmp/o" "$tmp/e4" stats "$tmp/bad.csv" --partial "$tmp/bp" \
    --range $at:999999 --start-line 40002
ok "and from a boundary given with --start-line" cmp "$tmp/e1" "$tmp/e4"
status 0 "$tmp/sc" "$tmp/e" stats "$tmp/bad.csv" --scan 0:$at
ok "--scan: a range from the start" json "$tmp/sc" \
    '$j->{lines} == 40001 && $j->{in}{quoted}{boundary} == 6 && $j->{in}{quoted}{lines} == 1'
# 8 bytes into '20001,"x<LF>y",20001<LF>': the line end inside quotes
status 0 "$tmp/sc" "$tmp/e" stats "$tmp/bad.csv" --scan $((at + 8)):999999
ok "--scan: the boundary for each state the range may start in" \
    json "$tmp/sc" "\$j->{in}{quoted}{boundary} == $((at + 18)) &&
    \$j->{in}{quoted}{lines} == 2 && \$j->{in}{start}{boundary} == $((at + 9))"
status 64 "$tmp/o" "$tmp/e" stats "$tmp/bad.csv" --partial "$tmp/bp" \
    --range $((at + 1)):999999 --start-line 40002
ok "--start-line at a byte that starts no line (64)" has "$tmp/e" "not a record boundary"
status 64 "$tmp/o" "$tmp/e" stats "$tmp/bad.csv" --partial "$tmp/bp" --start-line 3
ok "--start-line without --range (64)" has "$tmp/e" "goes with --range"
status 64 "$tmp/o" "$tmp/e" stats "$tmp/bad.csv" --scan 0:9 --partial "$tmp/bp"
ok "--scan with --partial (64)" has "$tmp/e" "no --partial"
printf 'a,b\n1,"open\n2,3\n' >"$tmp/q.csv"
status 65 "$tmp/o" "$tmp/e1" stats "$tmp/q.csv"
status 65 "$tmp/o" "$tmp/e2" stats "$tmp/q.csv" --partial "$tmp/qp"
ok "an unterminated quote in a partition: the loader's message" cmp "$tmp/e1" "$tmp/e2"

# options
status 64 "$tmp/o" "$tmp/e" stats $m --range 5
ok "--range needs START:END (64)" has "$tmp/e" "START:END"
status 64 "$tmp/o" "$tmp/e" stats $m --range 9:3 --partial "$tmp/x"
ok "--range END after START (64)" has "$tmp/e" "END must be after START"
status 64 "$tmp/o" "$tmp/e" stats $m --range 0:9
ok "--range without --partial (64)" has "$tmp/e" "go with --partial"
status 64 "$tmp/o" "$tmp/e" stats $m --memory 12Q
ok "--memory with a bad suffix (64)" has "$tmp/e" "memory"
status 64 "$tmp/o" "$tmp/e" stats $m --memory 1K
ok "--memory too small (64)" has "$tmp/e" "out of range"
status 64 "$tmp/o" "$tmp/e" stats --merge "$tmp/x"
ok "--merge with nothing to merge (64)" has "$tmp/e" "needs the summaries"
done_testing
