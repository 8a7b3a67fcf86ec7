#!/bin/sh
# t3210-bigk-cli - `winnow pico --top-r R`: with R at least the number of
# classes the output is the dense run's byte for byte (PICO and confident
# learning); with fewer it runs, flags, is the same on one thread and two,
# works with the user's own probabilities; bad values are usage errors,
# and so are runs whose checkers or probability files could not fit in
# memory with so many classes (refused before anything large is held).
cd "$SRCDIR" || exit 1
. tests/lib.sh

iris=datasets/iris.csv
digits=datasets/digits.csv

# run OUT ARGS...: winnow pico on digits with ARGS, stdout in OUT; true
# when it exits with status 0
run() {
	_o=$1
	shift
	status 0 "$_o" "$tmp/e" pico $digits --label label --id id --quiet "$@"
}

# --- r >= K: the dense output ----------------------------------------
ok "the dense run: exit 0" run "$tmp/dense.json" --out "$tmp/dense.csv" \
    --json
ok "--top-r 10: exit 0" status 0 "$tmp/j" "$tmp/e" pico $digits \
    --label label --id id --quiet --top-r 10 --out "$tmp/top.csv" --json
ok "--top-r 10 (= K): the dense CSV, byte for byte" \
    cmp "$tmp/dense.csv" "$tmp/top.csv"
ok "--top-r 10: the dense JSON summary" cmp "$tmp/dense.json" "$tmp/j"
ok "--method cl: exit 0" run "$tmp/cld.json" --method cl \
    --out "$tmp/cld.csv" --json
ok "--method cl --top-r 64: exit 0" run "$tmp/clt.json" --method cl \
    --top-r 64 --out "$tmp/clt.csv" --json
ok "--method cl --top-r 64: the dense CSV" cmp "$tmp/cld.csv" "$tmp/clt.csv"
ok "--method cl --top-r 64: the dense JSON" cmp "$tmp/cld.json" \
    "$tmp/clt.json"

# --- r < K ------------------------------------------------------------
ok "--top-r 3: exit 0" status 0 "$tmp/j" "$tmp/e" pico $digits \
    --label label --id id --quiet --top-r 3 --out "$tmp/t3.csv" --json
ok "--top-r 3: one line per row" test "$(wc -l <"$tmp/t3.csv")" -eq 1798
ok "--top-r 3: the JSON has 10 classes and a 10x10 noise matrix" \
    json "$tmp/j" '$j->{classes} == 10 && @{$j->{noise_matrix}} == 10'
ok "--top-r 3: some rows flagged" \
    test "$(awk -F, 'NR > 1 && $7 == 1' "$tmp/t3.csv" | wc -l)" -gt 5
# the flags of top-3 and dense mostly agree (measured: 24 of 24 on digits)
both=$(paste -d, "$tmp/dense.csv" "$tmp/t3.csv" |
    awk -F, 'NR > 1 && $7 == 1 && $19 == 1' | wc -l)
any=$(paste -d, "$tmp/dense.csv" "$tmp/t3.csv" |
    awk -F, 'NR > 1 && ($7 == 1 || $19 == 1)' | wc -l)
ok "--top-r 3: flags as dense's ($both of $any)" \
    test $((both * 10)) -ge $((any * 9))
ok "--top-r 3 --threads 1: exit 0" run "$tmp/o" --top-r 3 --threads 1 \
    --out "$tmp/t3-1.csv"
ok "--top-r 3: one thread, the same bytes" cmp "$tmp/t3.csv" "$tmp/t3-1.csv"
ok "--method cl --top-r 2: exit 0" status 0 "$tmp/o" "$tmp/e" pico $digits \
    --label label --id id --quiet --method cl --top-r 2 --out "$tmp/c2.csv"
ok "--method cl --top-r 2 --filter both: exit 0" status 0 "$tmp/o" \
    "$tmp/e" pico $digits --label label --quiet --method cl --top-r 2 \
    --filter both
ok "--carry hmm --top-r 2: exit 0" status 0 "$tmp/o" "$tmp/e" pico $iris \
    --label label --quiet --carry hmm --top-r 2

# --- the user's probabilities, top-r beliefs --------------------------
awk -F, 'NR == 1 { print "id,setosa,versicolor,virginica"; next }
    { sub(/\r$/, "", $6)
      p["setosa"] = p["versicolor"] = p["virginica"] = 0.1
      p[$6] = 0.8
      if ($1 == 5) { p["setosa"] = p["versicolor"] = 0.05;
          p["virginica"] = 0.9 }
      print $1 "," p["setosa"] "," p["versicolor"] "," p["virginica"] }' \
    $iris >"$tmp/p.csv"
ok "--probs --top-r 2: exit 0" status 0 "$tmp/o" "$tmp/e" pico $iris \
    --label label --id id --probs "$tmp/p.csv" --top-r 2 --out "$tmp/a.csv" \
    --quiet
ok "--probs --top-r 2: row 5 flagged for virginica" has "$tmp/a.csv" \
    '^5,setosa,virginica,[0-9.]*,[0-9.]*,[0-9.]*,1,'

# --- more classes than fit: refused before anything large -------------
# 70,000 rows of 70,000 classes, 800 shared words
awk 'BEGIN { print "id,text,label"
    for (i = 1; i <= 70000; i++) printf "%d,a%d b%d,c%d\n", i, i % 500,
        i % 300, i }' >"$tmp/many.csv"
ok "--model lr, 70,000 classes: 64" status 64 "$tmp/o" "$tmp/e" pico \
    "$tmp/many.csv" --label label --id id --model lr --threads 2 --quiet
ok "--model lr, 70,000 classes: says the memory and --model nb" has \
    "$tmp/e" 'needs 218 MB a checker.*more than its 134 MB; use --model nb'
echo "id,c1" >"$tmp/pk.csv"
ok "--probs, 70,000 x 70,000: 64" status 64 "$tmp/o" "$tmp/e" pico \
    "$tmp/many.csv" --label label --id id --probs "$tmp/pk.csv" --quiet
ok "--probs, 70,000 x 70,000: says the memory, before reading" has \
    "$tmp/e" 'would need 58.8 GB in memory, more than 4.3 GB'

# --- bad values -------------------------------------------------------
ok "--top-r 0: 64" status 64 "$tmp/o" "$tmp/e" pico $iris --label label \
    --top-r 0
ok "--top-r 0: says the range" has "$tmp/e" "--top-r: '0' is out of range (a whole number from 1 to 4096)"
ok "--top-r 5000: 64" status 64 "$tmp/o" "$tmp/e" pico $iris \
    --label label --top-r 5000
ok "--top-r x: 64" status 64 "$tmp/o" "$tmp/e" pico $iris --label label \
    --top-r x
ok "--top-r without a value: 64" status 64 "$tmp/o" "$tmp/e" pico $iris \
    --label label --top-r

done_testing
