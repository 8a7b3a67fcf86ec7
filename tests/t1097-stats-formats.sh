#!/bin/sh
# t1097-stats-formats - `winnow stats` past --memory on JSON Lines and
# compressed files: gzip and zstd CSV, JSON Lines plain and gzip'd are
# read from their start in chunks into the mergeable summary, which
# reports what the loaded file reports wherever the figures are exact
# (a key first seen late, and the label column first seen late, are
# missing cells before, as the loader has them); a bad record is named
# at the file's own line and column, a stream cut short at its byte
# and damage its checksum finds as the damage;
# --partial reads them whole and refuses --range for a compressed file;
# the workbench's first look at a compressed file is its first rows,
# said so; and memory stays bounded on a file many times --memory.
cd "$SRCDIR" || exit 1
. tests/lib.sh
need gzip "gzip is not installed"
need zstd "zstd is not installed"

awk 'BEGIN { srand(7); print "id,x,cat,txt,label";
	split("alpha beta gamma delta eps zeta eta theta iota kappa", w, " ");
	for (i = 1; i <= 60000; i++)
		printf "%d,%.3f,c%d,%s %s,%s\n", i, rand() * 1000, i % 7,
		    w[int(rand() * 10) + 1], w[i % 3 + 1],
		    (rand() < 0.5 ? "yes" : (rand() < 0.5 ? "no" : "maybe")) }' \
    >"$tmp/g.csv"
gzip -c "$tmp/g.csv" >"$tmp/g.csv.gz"
zstd -q -c "$tmp/g.csv" >"$tmp/g.csv.zst"
# JSON Lines: a nested object, the label missing now and then, a key
# that appears only halfway through
awk 'BEGIN { srand(7);
	split("alpha beta gamma delta eps zeta eta theta iota kappa", w, " ");
	for (i = 1; i <= 60000; i++) {
		printf "{\"id\":%d,\"x\":%.3f,\"meta\":{\"cat\":\"c%d\",\"txt\":\"%s %s\"}",
		    i, rand() * 1000, i % 7, w[int(rand() * 10) + 1], w[i % 3 + 1];
		if (i % 50 != 0)
			printf ",\"label\":\"%s\"", (rand() < 0.5 ? "yes" : "no");
		if (i > 30000)
			printf ",\"extra\":\"e%d\"", i % 5;
		printf "}\n" } }' >"$tmp/g.jsonl"
gzip -c "$tmp/g.jsonl" >"$tmp/g.jsonl.gz"
# the label column first seen after the first chunks
awk '{ if (NR <= 20000) sub(/,"label":"[a-z]*"/, ""); print }' \
    "$tmp/g.jsonl" >"$tmp/late.jsonl"

# same NAME FILE: the streamed report has the loaded one's figures
same() {
	status 0 "$tmp/full" "$tmp/e" stats "$2" --label label
	status 0 "$tmp/str" "$tmp/e" stats "$2" --label label --memory 2M
	ok "$1: streamed past --memory" has "$tmp/str" "full data, streamed: 60,000 rows"
	# the loaded report names the first rows without a label, and
	# finds identical rows: the stream does not keep rows
	sed 1d "$tmp/full" | grep -v "identical rows\|^             \|groups of identical\|^Cramer's V over" |
	    sed 's/ without a label (rows .*/ without a label/' >"$tmp/a"
	sed 1d "$tmp/str" | grep -v "not checked\|^Cramer's V over" >"$tmp/b"
	ok "$1: the exact figures are the loaded ones" cmp "$tmp/a" "$tmp/b"
	if ! cmp -s "$tmp/a" "$tmp/b"; then diff "$tmp/a" "$tmp/b" | head -20 | sed 's/^/# /'; fi
	status 0 "$tmp/fj" "$tmp/e" stats "$2" --label label --json
	status 0 "$tmp/sj" "$tmp/e" stats "$2" --label label --json --memory 2M
	ok "$1: JSON counts, types and classes equal" perl -MJSON::PP -e '
		local $/; my @j = map { open my $f, "<", $_ or die; JSON::PP->new->decode(<$f>) } @ARGV;
		my ($a, $b) = @j;
		exit 1 unless @{$a->{stats}} == @{$b->{stats}};
		for my $i (0 .. $#{$a->{stats}}) {
			my ($x, $y) = ($a->{stats}[$i], $b->{stats}[$i]);
			for my $k (qw(name type count missing distinct min max)) {
				next unless defined $x->{$k} || defined $y->{$k};
				exit 1 unless defined $x->{$k} && defined $y->{$k} && $x->{$k} eq $y->{$k};
			}
		}
		for my $i (0 .. $#{$a->{classes}}) {
			exit 1 unless $a->{classes}[$i]{count} == $b->{classes}[$i]{count};
		}
		exit 0' "$tmp/fj" "$tmp/sj"
}
same "gzip CSV" "$tmp/g.csv.gz"
same "zstd CSV" "$tmp/g.csv.zst"
same "JSON Lines" "$tmp/g.jsonl"
same "gzip JSON Lines" "$tmp/g.jsonl.gz"
same "JSON Lines, the label seen late" "$tmp/late.jsonl"

# bad records: the file's own line and column, from any chunk
{ head -n 40000 "$tmp/g.csv"; echo "40000,1.5,c1"; tail -n +40001 "$tmp/g.csv"; } | gzip -c >"$tmp/bad.csv.gz"
status 65 "$tmp/o" "$tmp/e1" stats "$tmp/bad.csv.gz"
status 65 "$tmp/o" "$tmp/e2" stats "$tmp/bad.csv.gz" --memory 2M
ok "a short row in a gzip CSV chunk: the loaded error, line 40001" \
    sh -c "cmp '$tmp/e1' '$tmp/e2' && grep -q ':40001:' '$tmp/e2'"
{ head -n 45000 "$tmp/g.jsonl"; echo '{"id": 1, "x": tru}'; tail -n +45001 "$tmp/g.jsonl"; } >"$tmp/bad.jsonl"
status 65 "$tmp/o" "$tmp/e1" stats "$tmp/bad.jsonl"
status 65 "$tmp/o" "$tmp/e2" stats "$tmp/bad.jsonl" --memory 2M
ok "a bad JSON line in a chunk: the loaded error, line 45001" \
    sh -c "cmp '$tmp/e1' '$tmp/e2' && grep -q 'bad.jsonl:45001:' '$tmp/e2'"

# damage that shows only in the checksum at the stream's end, met first
# as a bad line in a chunk: the damage is the error
gzip -c "$tmp/bad.jsonl" >"$tmp/bad.jsonl.gz"
splice_sum "$tmp/bad.jsonl.gz" "$tmp/g.jsonl.gz" 8 >"$tmp/sum.jsonl.gz"
status 65 "$tmp/o" "$tmp/e" stats "$tmp/sum.jsonl.gz" --memory 2M
ok "a gzip JSON Lines file whose CRC fails, streamed: exit 65, the damage named" \
    has "$tmp/e" "sum.jsonl.gz: byte [0-9]*: corrupt gzip data (incorrect data check)"

# a stream cut short in the middle of the pass: the byte where it ends
size=$(wc -c <"$tmp/g.jsonl.gz")
cut=$((size * 3 / 5))
head -c $cut "$tmp/g.jsonl.gz" >"$tmp/cut.jsonl.gz"
status 65 "$tmp/o" "$tmp/e" stats "$tmp/cut.jsonl.gz" --memory 2M
ok "a gzip JSON Lines file cut short, streamed: exit 65 at byte $cut" \
    contains "$tmp/e" "cut.jsonl.gz: byte $cut: the gzip stream ends early"
size=$(wc -c <"$tmp/g.csv.zst")
cut=$((size / 2))
head -c $cut "$tmp/g.csv.zst" >"$tmp/cut.csv.zst"
status 65 "$tmp/o" "$tmp/e" stats "$tmp/cut.csv.zst" --memory 2M
ok "a zstd CSV file cut short, streamed: exit 65 at byte $cut" \
    contains "$tmp/e" "cut.csv.zst: byte $cut: the zstd stream ends early"

# --partial: the whole file; no byte ranges of a compressed one
for f in g.csv.gz g.jsonl g.jsonl.gz; do
	ok "--partial of $f" "$WINNOW" stats "$tmp/$f" --label label --memory 2M --partial "$tmp/$f.part"
	status 0 "$tmp/m" "$tmp/e" stats --merge "$tmp/$f.all" "$tmp/$f.part"
	status 0 "$tmp/s" "$tmp/e" stats "$tmp/$f" --label label --memory 2M
	sed 1d "$tmp/m" >"$tmp/a"
	sed 1d "$tmp/s" >"$tmp/b"
	ok "... merged, it reports what the stream reports" cmp "$tmp/a" "$tmp/b"
done
status 64 "$tmp/o" "$tmp/e" stats "$tmp/g.csv.gz" --partial "$tmp/p" --range 0:1000
ok "--range of a compressed file is refused (64), saying why" \
    contains "$tmp/e" "a compressed file cannot be read from an offset"

# --sample of a file past --memory: byte ranges, or a compressed file's
# first rows, said so
status 0 "$tmp/o" "$tmp/e" stats "$tmp/g.csv.gz" --sample 1000 --memory 2M
ok "a compressed file's sample is its first rows, said so" \
    contains "$tmp/o" "first ~"
ok "... of a compressed file" contains "$tmp/o" "rows of a compressed file (it cannot be sampled at random)"
status 0 "$tmp/o" "$tmp/e" stats "$tmp/g.jsonl" --sample 1000 --memory 2M
ok "a JSON Lines file's sample is of byte ranges" contains "$tmp/o" "from byte ranges, seed 1"

# bounded memory: a gzip file whose content is many times --memory
if [ -n "$WINNOW_SANITIZED" ]; then
	skip "peak RSS bounded on a big gzip file" "the sanitizers' shadow memory"
else
	awk 'BEGIN { srand(3); print "id,x,cat,txt,label";
		for (i = 1; i <= 700000; i++)
			printf "%d,%.2f,c%d,some words %d here,%s\n", i,
			    rand() * 100, i % 9, i % 1000,
			    (rand() < 0.5 ? "a" : "b") }' | gzip -c >"$tmp/big.csv.gz"
	status 0 "$tmp/o" "$tmp/e" stats "$tmp/big.csv.gz" --label label \
	    --memory 4M --timing
	rss=$(sed -n 's/.*peak RSS \([0-9]*\) MB.*/\1/p' "$tmp/e")
	ok "a 700,000-row gzip file (about 28 MB of CSV) in 4M of --memory: peak RSS ${rss} MB < 40 MB" \
	    test "${rss:-999}" -lt 40
	ok "... every row summarised" has "$tmp/o" "full data, streamed: 700,000 rows"
fi
done_testing
