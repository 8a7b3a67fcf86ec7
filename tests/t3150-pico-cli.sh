#!/bin/sh
# t3150-pico-cli - `winnow pico` end to end: the per-row CSV, the JSON
# summary, determinism across runs and thread counts, confident
# learning, the user's own probabilities (Mode A) and every kind of bad
# input with its exit status and message.
cd "$SRCDIR" || exit 1
. tests/lib.sh

iris=datasets/iris.csv
digits=datasets/digits.csv

# --- trained checkers -----------------------------------------------
ok "digits: exit 0" status 0 "$tmp/o" "$tmp/e" pico $digits --label label \
    --id id --out "$tmp/d.csv" --quiet
ok "header of the CSV" has "$tmp/d.csv" \
    '^id,given,suggested,p_suggested,quality,suspicion,flagged,auto_fix,ambiguous,agree,rounds,doubtful$'
ok "one line per row" test "$(wc -l <"$tmp/d.csv")" -eq 1798
ok "ids from --id, six decimals" has "$tmp/d.csv" \
    '^1797,[0-9],[0-9],[01]\.[0-9]\{6\},[01]\.[0-9]\{6\},[01]\.[0-9]\{6\},[01],[01],[01],[0-3],[0-9],[01]$'
ok "some rows flagged" test "$(awk -F, 'NR > 1 && $7 == 1' "$tmp/d.csv" | wc -l)" -gt 5
ok "suspicion = 1 - quality" awk -F, 'NR > 1 { d = $5 + $6 - 1;
    if (d > 1e-6 || d < -1e-6) exit 1 }' "$tmp/d.csv"
"$WINNOW" pico $digits --label label --id id --out "$tmp/d2.csv" --quiet \
    --threads 1
ok "same seed, one thread: byte-identical" cmp "$tmp/d.csv" "$tmp/d2.csv"
"$WINNOW" pico $digits --label label --id id --out "$tmp/d3.csv" --quiet \
    --seed 7
ok "another seed: another split" sh -c "! cmp -s '$tmp/d.csv' '$tmp/d3.csv'"

ok "--json: exit 0" status 0 "$tmp/j" "$tmp/e" pico $iris --label label \
    --id id --json --quiet
ok "--json parses" json "$tmp/j" '1'
ok "--json: rows, classes, method" json "$tmp/j" \
    '$j->{rows} == 150 && $j->{classes} == 3 && $j->{method} eq "pico"'
ok "--json: per-class noise" json "$tmp/j" \
    '@{$j->{per_class}} == 3 && $j->{per_class}[0]{label} eq "setosa"'
ok "--json: a 3x3 noise matrix" json "$tmp/j" \
    '@{$j->{noise_matrix}} == 3 && @{$j->{noise_matrix}[2]} == 3'
ok "summary on stderr without --json" status 0 "$tmp/o" "$tmp/e" pico \
    $iris --label label --id id
ok "summary names the file and classes" has "$tmp/e" \
    '^datasets/iris.csv: 150 rows, 3 classes; PICO'
ok "summary lists the classes" has "$tmp/e" '^  versicolor  *50 '
ok "--out - writes the CSV on stdout" status 0 "$tmp/o" "$tmp/e" pico \
    $iris --label label --out - --quiet
ok "stdout CSV: 151 lines" test "$(wc -l <"$tmp/o")" -eq 151
ok "without --id, keys are row numbers" has "$tmp/o" '^150,virginica,'

# --- confident learning ----------------------------------------------
ok "--method cl: exit 0" status 0 "$tmp/j" "$tmp/e" pico $digits \
    --label label --id id --method cl --json --quiet
ok "--method cl: says so" json "$tmp/j" '$j->{method} eq "cl" && $j->{rounds} == 1'
ok "--method cl: no budget, so no count of right suggestions" json "$tmp/j" \
    '!defined $j->{expected_corrections} && exists $j->{expected_corrections}'
ok "--method cl --filter both" status 0 "$tmp/o" "$tmp/e" pico $iris \
    --label label --method cl --filter both --quiet

# --- Mode A: the user's probabilities --------------------------------
# iris_probs TOP REST ODD OUT: a probability file for iris, TOP on each
# row's own label and REST on the others, except rows 5 and 60 (setosa,
# versicolor), which get ODD on virginica and (1 - ODD) / 2 on the others
iris_probs() {
	awk -F, -v top="$1" -v rest="$2" -v odd="$3" '
	    NR == 1 { print "id,setosa,versicolor,virginica"; next }
	    { sub(/\r$/, "", $6)
	      p["setosa"] = p["versicolor"] = p["virginica"] = rest
	      p[$6] = top
	      if ($1 == 5 || $1 == 60) {
	          p["setosa"] = p["versicolor"] = (1 - odd) / 2
	          p["virginica"] = odd }
	      print $1 "," p["setosa"] "," p["versicolor"] "," \
	          p["virginica"] }' $iris >"$4"
}
iris_probs 0.8 0.1 0.9 "$tmp/p.csv"
ok "--probs: exit 0" status 0 "$tmp/o" "$tmp/e" pico $iris --label label \
    --id id --probs "$tmp/p.csv" --out "$tmp/a.csv" --quiet
ok "--probs: row 5 flagged for virginica" has "$tmp/a.csv" \
    '^5,setosa,virginica,[0-9.]*,[0-9.]*,[0-9.]*,1,'
ok "--probs: row 60 flagged" has "$tmp/a.csv" '^60,versicolor,virginica,'
# the budget is round(sum(1 - q)): the two rows, and at most one more
ok "--probs: the flags are those two and at most one more" test "$(awk -F, 'NR > 1 && $7 == 1' "$tmp/a.csv" | wc -l)" -le 3
ok "--probs twice: two checkers" status 0 "$tmp/j" "$tmp/e" pico $iris \
    --label label --id id --probs "$tmp/p.csv" --probs "$tmp/p.csv" --json
ok "--probs twice: json says 2 per row" json "$tmp/j" \
    '$j->{checkers_per_row} == 2 && $j->{mode} eq "probs"'
ok "--probs: the count flagged by is confident learning's, not the beliefs'" \
    json "$tmp/j" '!defined $j->{expected_corrections} &&
    exists $j->{expected_corrections} && defined $j->{expected_errors}'
ok "--probs: the beliefs take the fitted temperature" json "$tmp/j" \
    '$j->{checkers}{temperature_applied} && $j->{checkers}{temperature} > 0'
ok "--probs: the summary: exit 0" status 0 "$tmp/o" "$tmp/e" pico $iris \
    --label label --id id --probs "$tmp/p.csv"
ok "--probs: the summary says the temperature" has "$tmp/e" \
    '^  (read at temperature [0-9]*\.[0-9][0-9], fitted to the given labels; --calibrate none: as given)$'
ok "--probs --calibrate none: exit 0" status 0 "$tmp/j" "$tmp/e" pico $iris \
    --label label --id id --probs "$tmp/p.csv" --calibrate none --json
ok "--calibrate none: the evidence as given" json "$tmp/j" \
    '!$j->{checkers}{temperature_applied}'
ok "trained checkers: exit 0" status 0 "$tmp/j" "$tmp/e" pico $iris \
    --label label --id id --json
ok "trained checkers: no temperature by default" json "$tmp/j" \
    '!$j->{checkers}{temperature_applied} && $j->{checkers}{temperature} > 0'
ok "trained checkers: the summary: exit 0" status 0 "$tmp/o" "$tmp/e" pico \
    $iris --label label --id id
ok "trained checkers: no word of a temperature" hasnt "$tmp/e" 'temperature'
ok "--calibrate temp: exit 0" status 0 "$tmp/j" "$tmp/e" pico $iris \
    --label label --id id --json --calibrate temp
ok "--calibrate temp: the trained checkers' evidence takes it" json \
    "$tmp/j" '$j->{checkers}{temperature_applied}'
ok "--calibrate bad: a usage error" status 64 "$tmp/o" "$tmp/e" pico $iris \
    --label label --calibrate warm
ok "which names the choices" contains "$tmp/e" \
    "--calibrate: unknown value 'warm' (one of: none, temp, auto, sharpen)"
# overconfident probabilities (.999 on each row's own label, .0005 on the
# two rows above): a temperature would flatten them, and by default they
# are read as given; --calibrate temp takes it
iris_probs 0.999 0.0005 0.999 "$tmp/p-sure.csv"
ok "overconfident --probs: exit 0" status 0 "$tmp/j" "$tmp/e" pico $iris \
    --label label --id id --probs "$tmp/p-sure.csv" --json
ok "overconfident --probs: no temperature above 1 by default" json "$tmp/j" \
    '!$j->{checkers}{temperature_applied} && $j->{checkers}{temperature} > 1'
ok "overconfident --probs --calibrate temp: exit 0" status 0 "$tmp/j" \
    "$tmp/e" pico $iris --label label --id id --probs "$tmp/p-sure.csv" \
    --calibrate temp --json
ok "--calibrate temp flattens them" json "$tmp/j" \
    '$j->{checkers}{temperature_applied}'
ok "overconfident --probs --calibrate sharpen: exit 0" status 0 "$tmp/j" \
    "$tmp/e" pico $iris --label label --id id --probs "$tmp/p-sure.csv" \
    --calibrate sharpen --json
ok "--calibrate sharpen leaves them as given" json "$tmp/j" \
    '!$j->{checkers}{temperature_applied}'
ok "timid --probs --calibrate sharpen: exit 0" status 0 "$tmp/j" "$tmp/e" \
    pico $iris --label label --id id --probs "$tmp/p.csv" \
    --calibrate sharpen --json
ok "--calibrate sharpen sharpens them" json "$tmp/j" \
    '$j->{checkers}{temperature_applied} && $j->{checkers}{temperature} < 1'

# a pipe as the output is written to, not replaced (as /dev/null would be)
mkfifo "$tmp/fifo"
# (a reader that gives up: a run that fails before it opens the FIFO
# must not leave the test waiting)
timeout 120 cat "$tmp/fifo" >"$tmp/from-fifo" &
ok "--out a FIFO: exit 0" status 0 "$tmp/o" "$tmp/e" pico $iris \
    --label label --out "$tmp/fifo" --quiet
wait
ok "the FIFO is still a FIFO" test -p "$tmp/fifo"
ok "and the CSV went through it" test "$(wc -l <"$tmp/from-fifo")" -eq 151

# --- degenerate label columns ------------------------------------------
awk -F, 'NR == 1 { print; next } { sub(/\r$/, ""); $6 = "flower"; print }' \
    OFS=, $iris >"$tmp/oneclass.csv"
ok "one class: exit 0" status 0 "$tmp/o" "$tmp/e" pico "$tmp/oneclass.csv" \
    --label label --id id --out "$tmp/one.csv" --quiet
ok "one class: a line per row" test "$(wc -l <"$tmp/one.csv")" -eq 151
ok "one class: nothing flagged" test "$(awk -F, 'NR > 1 && $7 == 1' "$tmp/one.csv" | wc -l)" -eq 0
ok "one class: the summary says why" status 0 "$tmp/o" "$tmp/e" pico \
    "$tmp/oneclass.csv" --label label --id id
ok "one class: the same label on every row, not unpredictable columns" \
    has "$tmp/e" "^warning: every labelled row has the same label"
ok "one class: accuracy 1, not 0" has "$tmp/e" "out-of-fold accuracy 1.000"
ok "one class: --json says so too" status 0 "$tmp/o" "$tmp/e" pico \
    "$tmp/oneclass.csv" --label label --id id --json
ok "one class: json warning" json "$tmp/o" \
    '$j->{warning} =~ /same label/ && $j->{checkers}{accuracy} == 1'
awk -F, 'NR == 1 { print; next } { sub(/\r$/, "") }
    NR == 2 { $6 = "rare" } { print }' OFS=, $iris >"$tmp/single.csv"
ok "a class of one row: exit 0" status 0 "$tmp/o" "$tmp/e" pico \
    "$tmp/single.csv" --label label --id id --out "$tmp/single-out.csv" \
    --quiet
ok "a class of one row: a line per row" \
    test "$(wc -l <"$tmp/single-out.csv")" -eq 151
ok "a class of one row is never suggested for others" sh -c "! awk -F, 'NR > 2 && \$3 == \"rare\"' '$tmp/single-out.csv' | grep -q ."
ok "and the other classes are judged as usual" test "$(awk -F, 'NR > 1 && $7 == 1' "$tmp/single-out.csv" | wc -l)" -le 10

# --- bad input --------------------------------------------------------
ok "no --label: 64" status 64 "$tmp/o" "$tmp/e" pico $iris
ok "no --label: says so" has "$tmp/e" 'label COL is required'
ok "unknown label column: 64" status 64 "$tmp/o" "$tmp/e" pico $iris \
    --label nope
ok "unknown label column: lists the columns" has "$tmp/e" \
    "no column named 'nope' (--label); the columns are: 'id'"
ok "missing file: 66" status 66 "$tmp/o" "$tmp/e" pico "$tmp/none.csv" \
    --label label
ok "missing file: named" has "$tmp/e" 'none.csv: cannot open'
ok "unknown option: 64" status 64 "$tmp/o" "$tmp/e" pico $iris \
    --label label --frobnicate
ok "bad --folds: 64" status 64 "$tmp/o" "$tmp/e" pico $iris --label label \
    --folds 1
ok "bad --beta: 64" status 64 "$tmp/o" "$tmp/e" pico $iris --label label \
    --beta huge
ok "bad --tau: 64" status 64 "$tmp/o" "$tmp/e" pico $iris --label label \
    --tau 2
ok "unknown --features column: 64" status 64 "$tmp/o" "$tmp/e" pico $iris \
    --label label --features 'sepal width (cm),nope'
ok "--json with --out -: 64" status 64 "$tmp/o" "$tmp/e" pico $iris \
    --label label --json --out -
ok "--out in a missing directory: 73" status 73 "$tmp/o" "$tmp/e" pico \
    $iris --label label --out "$tmp/no/such/dir/f.csv" --quiet
ok "no half-written output left" sh -c "! ls '$tmp'/no 2>/dev/null"
printf 'a,label\n1,x\n' >"$tmp/one.csv"
ok "one row: still runs or says why" sh -c "'$WINNOW' pico '$tmp/one.csv' --label label --quiet >/dev/null 2>&1; test \$? -eq 0 -o \$? -eq 64"
sed '/^7,/d' "$tmp/p.csv" >"$tmp/p-missing.csv"
ok "probs missing a row: 65" status 65 "$tmp/o" "$tmp/e" pico $iris \
    --label label --id id --probs "$tmp/p-missing.csv"
ok "probs missing a row: names the file and the key" has "$tmp/e" \
    "p-missing.csv.*'7'"
sed '1s/virginica/virginia/' "$tmp/p.csv" >"$tmp/p-class.csv"
ok "probs with an unknown class: 65" status 65 "$tmp/o" "$tmp/e" pico \
    $iris --label label --id id --probs "$tmp/p-class.csv"
ok "unknown class: file:line:col" has "$tmp/e" 'p-class.csv:1:[0-9]*: '
sed '10s/,0\.8,/,nan,/; 10s/^\([0-9]*\),0\.8/\1,nan/' "$tmp/p.csv" >"$tmp/p-nan.csv"
ok "probs with NaN: 65" status 65 "$tmp/o" "$tmp/e" pico $iris \
    --label label --id id --probs "$tmp/p-nan.csv"
ok "NaN: file:line:col" has "$tmp/e" 'p-nan.csv:10:[0-9]*: '

# --- a suggestion is always another class ---------------------------
for m in pico cl; do
	ok "--method $m: exit 0" status 0 "$tmp/o" "$tmp/e" pico $digits \
	    --label label --id id --method $m --out "$tmp/s-$m.csv" --quiet
	ok "--method $m: no row suggests its own label" test "$(awk -F, \
	    'NR > 1 && $2 == $3' "$tmp/s-$m.csv" | wc -l)" -eq 0
done
ok "Mode A: no row suggests its own label" test "$(awk -F, \
    'NR > 1 && $2 == $3' "$tmp/a.csv" | wc -l)" -eq 0

# --- labels unrelated to the features ------------------------------
# digits with each row given the label of row 613 i mod 1797: the
# checkers cannot predict it, so nothing is flagged and the outputs say
# why
awk -F, 'NR == 1 { print; next } { sub(/\r$/, ""); row[NR - 2] = $0;
	lab[NR - 2] = $NF; n++ }
    END { for (i = 0; i < n; i++) { r = row[i]; sub(/[^,]*$/, "", r);
	print r lab[(613 * i) % n] } }' $digits >"$tmp/unrel.csv"
ok "unrelated labels: exit 0" status 0 "$tmp/j" "$tmp/e" pico \
    "$tmp/unrel.csv" --label label --id id --json
ok "unrelated labels: nothing flagged" json "$tmp/j" '$j->{flagged} == 0'
ok "unrelated labels: no counts" json "$tmp/j" \
    '!defined $j->{expected_errors} && !defined $j->{expected_corrections}'
ok "unrelated labels: the JSON says why" json "$tmp/j" \
    '$j->{warning} =~ /the other columns do not predict the label/ &&
    !$j->{checkers}{predictive}'
ok "unrelated labels: the summary" status 0 "$tmp/o" "$tmp/e" pico \
    "$tmp/unrel.csv" --label label --id id
ok "  says so too" has "$tmp/e" \
    "warning: the other columns do not predict the label; flags would be guesses"
ok "related labels: no warning" status 0 "$tmp/j" "$tmp/e" pico $digits \
    --label label --id id --json
ok "related labels: predictive, rows flagged" json "$tmp/j" \
    '!defined $j->{warning} && $j->{checkers}{predictive} &&
    $j->{flagged} > 0'
# the mix auto chose is named, each kind as --model spells it with its
# exponent, the exponents summing to 1
ok "the JSON names the checkers' mix" json "$tmp/j" \
    'my $s = 0; my $m = $j->{checkers}{mix};
    $s += $1 while $m =~ /(?:^|\+ )(?:lr|sgd|nb|knn|gbt)(?:\([^)]*\))? ([0-9.]+)/g;
    abs($s - 1) < 1e-9'
ok "--model nb: the mix is naive Bayes alone" status 0 "$tmp/j" "$tmp/e" \
    pico $digits --label label --id id --json --model nb
ok "  named so" json "$tmp/j" '$j->{checkers}{mix} eq "nb 1.0"'
ok "the summary starts its checkers line with the mix" status 0 "$tmp/o" \
    "$tmp/e" pico $digits --label label --id id --model nb
ok "  so" has "$tmp/e" "checkers: nb 1.0; out-of-fold accuracy"
ok "--method cl on trained checkers: exit 0" status 0 "$tmp/j" "$tmp/e" \
    pico $digits --label label --id id --json --model nb --method cl
ok "  names their mix too" json "$tmp/j" '$j->{checkers}{mix} eq "nb 1.0"'
ok "Mode A: no mix" status 0 "$tmp/j" "$tmp/e" pico $iris \
    --label label --id id --probs "$tmp/p.csv" --json
ok "  in the JSON" json "$tmp/j" '!exists $j->{checkers}{mix}'

# --- --method cl numbers the classes as cleanlab does ------------------
# cleanlab numbers classes in sorted order; a file whose classes first
# appear in another order (c06 c43 c24 ... in 08_k50, c01 c00 in
# 04_binary) must still flag exactly cleanlab's rows (the .stable twin
# where numpy's unstable argsort would decide a tie)
gold=tests/data/golden/cleanlab
# golden_files CASE: the case as $tmp/g.csv (id, label cNN) and its
# probabilities as $tmp/gp.csv (id, one column per class cNN)
golden_files() {
	awk 'NR == 1 { print "id,label"; next }
	    { printf "%d,c%02d\n", NR - 1, $1 }' "$gold/$1/labels.csv" \
	    >"$tmp/g.csv"
	awk -F, 'NR == 1 { printf "id"; for (i = 1; i <= NF; i++)
		printf ",c%02d", i - 1; print ""; next }
	    { print NR - 1 "," $0 }' "$gold/$1/pred_probs.csv" >"$tmp/gp.csv"
}
for c in 04_binary 05_imbalanced5 08_k50; do
	golden_files $c
	ref=$gold/$c/issues_prune_by_noise_rate.stable.csv
	test -f "$ref" || ref=$gold/$c/issues_prune_by_noise_rate.csv
	ok "cl golden $c: exit 0" status 0 "$tmp/o" "$tmp/e" pico \
	    "$tmp/g.csv" --label label --id id --method cl \
	    --probs "$tmp/gp.csv" --out "$tmp/go.csv" --force --quiet
	awk -F, 'NR > 1 { print ($1 == "True" || $1 == 1) ? 1 : 0 }' "$ref" \
	    >"$tmp/gwant"
	awk -F, 'NR > 1 { print $7 }' "$tmp/go.csv" >"$tmp/ggot"
	ok "cl golden $c: the flags are cleanlab's" cmp -s "$tmp/gwant" \
	    "$tmp/ggot"
done

# --- class-dependent noise: the budget ----------------------------------
# every fifth row of each digit relabelled as the next digit: checkers
# that learn such flips leave a wrong row's q near one half, and the
# beliefs' expected right suggestions, sum(b(suggested)), undercount;
# confident learning's joint raises the budget, and the rows it adds are
# wrong labels too
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next }
    { sub(/\r$/, "", $66); n[$66]++
      if (n[$66] % 5 == 0) $66 = ($66 + 1) % 10; print }' $digits \
    >"$tmp/dc.csv"
ok "class-dependent noise: exit 0" status 0 "$tmp/j" "$tmp/e" pico \
    "$tmp/dc.csv" --label label --id id --json --out "$tmp/dc.out" --force
nflag=$(awk -F, 'NR > 1 && $7 == 1' "$tmp/dc.out" | wc -l)
ok "more rows flagged than the expected count ($nflag)" json "$tmp/j" \
    "$nflag > int(\$j->{expected_errors} + 0.5) && \$j->{flagged} == $nflag"
ok "the json names the count flagged by: the joint's, above the beliefs'" \
    json "$tmp/j" "\$j->{joint_errors} > \$j->{expected_corrections} &&
    \$j->{joint_errors} >= $nflag &&
    \$j->{expected_corrections} <= \$j->{expected_errors}"
ok "the summary says so" status 0 "$tmp/o" "$tmp/e" pico "$tmp/dc.csv" \
    --label label --id id
ok "the summary's line: flag budget" has "$tmp/e" \
    "^flag budget [0-9]*: confident learning's joint, above the beliefs' [0-9.]* expected right suggestions$"
# the clean file: the expected count is the larger, and nothing is said
ok "the clean file: exit 0" status 0 "$tmp/o" "$tmp/e" pico $digits \
    --label label --id id --json
ok "the clean file: joint_errors null" json "$tmp/o" \
    '!defined $j->{joint_errors} && exists $j->{joint_errors}'
ok "the clean file: the budget's own count, at most the expected" \
    json "$tmp/o" '$j->{expected_corrections} >= 0 &&
    $j->{expected_corrections} <= $j->{expected_errors}'
ok "the clean file: its summary names the budget's count" status 0 \
    "$tmp/o" "$tmp/e" pico $digits --label label --id id
ok "the clean file: the line" has "$tmp/e" \
    "^flag budget [0-9]*: the beliefs' expected right suggestions$"
# precision and recall of the flags against the file before the flips
paste -d, $digits "$tmp/dc.out" | awk -F, 'NR > 1 { sub(/\r$/, "", $66)
    e = $66 != $68; tp += e && $73; fp += !e && $73; fn += e && !$73 }
    END { printf "%d %d %d\n", tp, fp, fn }' >"$tmp/dc.pr"
read tp fp fn <"$tmp/dc.pr"
echo "# class-dependent noise: $tp right flags, $fp wrong, $fn missed"
ok "nine in ten flags are wrong labels" test $((10 * tp)) -ge $((9 * (tp + fp)))
ok "and they find nine in ten of them" test $((10 * tp)) -ge $((9 * (tp + fn)))

# --- Mode A against confident learning on identical probabilities -----
# the golden cases with their true labels: Mode A's flags (one vote on
# the confident-joint prior, as many rows as confident learning flags,
# the lowest q first; with two classes as many in each given class)
# must score an F1 at least confident learning's on 4 of the 5
# f1 CASE OUT: the F1 of OUT's flags against CASE's true labels
f1() {
	paste -d, "$gold/$1/labels.csv" "$gold/$1/truth.csv" "$2" |
	    awk -F, 'NR > 1 { e = $1 != $2; f = $9; tp += e && f;
		fp += !e && f; fn += e && !f }
		END { printf "%.6f\n", tp ? 2 * tp / (2 * tp + fp + fn) : 0 }'
}
won=0
for c in 02_digits_noise10 03_digits_noise30 04_binary 05_imbalanced5 \
    08_k50; do
	golden_files $c
	"$WINNOW" pico "$tmp/g.csv" --label label --id id --method cl \
	    --probs "$tmp/gp.csv" --out "$tmp/gcl.csv" --force --quiet
	"$WINNOW" pico "$tmp/g.csv" --label label --id id \
	    --probs "$tmp/gp.csv" --out "$tmp/gpa.csv" --force --quiet
	# flags per given class, one "class count" line each
	for o in gpa gcl; do
		awk -F, 'NR > 1 && $7 == 1 { n[$2]++ }
		    END { for (c in n) print c, n[c] }' "$tmp/$o.csv" |
		    sort >"$tmp/$o.per"
	done
	if [ $c = 04_binary ]; then
		ok "Mode A $c: each class flagged as confident learning flags it" \
		    cmp -s "$tmp/gpa.per" "$tmp/gcl.per"
	fi
	a=$(f1 $c "$tmp/gpa.csv")
	b=$(f1 $c "$tmp/gcl.csv")
	echo "# $c: Mode A F1 $a, confident learning $b"
	if awk -v a="$a" -v b="$b" 'BEGIN { exit !(a >= b) }'; then
		won=$((won + 1))
	fi
done
ok "Mode A at least matches confident learning on $won of 5" \
    test "$won" -ge 4


# --- the gate -------------------------------------------------------
# labels in blocks of 100 rows, two columns of noise (a Park-Miller
# generator: exact in any awk): unrelated to the features, but this
# file's checkers beat the class shares by 4 nats, past the half
# chi-square's 3 and short of the gate, 6.75 (docs/pico.md)
awk 'BEGIN {
	s = 42; print "id,x1,x2,label"
	for (i = 1; i <= 300; i++) {
		s = (s * 16807) % 2147483647; a = s % 1000
		s = (s * 16807) % 2147483647; b = s % 1000
		printf "%d,%d,%d,%s\n", i, a, b, i <= 100 ? "a" : i <= 200 ? "b" : "c"
	}
}' >"$tmp/null.csv"
ok "unrelated labels: exit 0" status 0 "$tmp/jn" "$tmp/e" pico \
    "$tmp/null.csv" --label label --id id --json
ok "the gain is past 3 nats, short of the gate" json "$tmp/jn" \
    '$j->{checkers}{gain_nats} > 3 && $j->{checkers}{gain_nats} < 6.75 &&
     $j->{checkers}{gate_nats} == 6.75'
ok "so nothing is flagged, with the warning" json "$tmp/jn" \
    '!$j->{checkers}{predictive} && $j->{flagged} == 0 &&
     $j->{warning} =~ /do not predict the label/'
ok "and no class has a noise rate" json "$tmp/jn" \
    '!grep { defined $_->{noise_rate} } @{$j->{per_class}}'
"$WINNOW" pico "$tmp/null.csv" --label label --id id 2>"$tmp/en" >/dev/null
ok "the summary's noise column reads -" has "$tmp/en" '^  a  *100  *0  *-$'
ok "the summary says how far short, and the way past" has "$tmp/en" \
    '^  (gain over the class shares [34]\.[0-9] nats, gate 6\.75; --gate 0 flags anyway)$'
"$WINNOW" pico "$tmp/null.csv" --label label --id id --method cl \
    2>"$tmp/ecl" >/dev/null
ok "--method cl: says it flags regardless" has "$tmp/ecl" \
    '^  (gain over the class shares [34]\.[0-9] nats, gate 6\.75; confident learning flags regardless, PICO would not)$'
ok "--gate 3: exit 0" status 0 "$tmp/jn3" "$tmp/e" pico "$tmp/null.csv" \
    --label label --id id --json --gate 3
ok "--gate 3 lets the same checkers flag" json "$tmp/jn3" \
    '$j->{checkers}{predictive} && $j->{flagged} > 0 &&
     $j->{checkers}{gate_nats} == 3 &&
     !grep { !defined $_->{noise_rate} } @{$j->{per_class}}'

done_testing
