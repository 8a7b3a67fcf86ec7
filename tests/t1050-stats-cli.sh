#!/bin/sh
# t1050-stats-cli - `winnow stats` end to end: the table, samples, the
# label report, JSON (checked with perl's core JSON::PP), escaping, the
# ASCII fallback and the exit statuses for bad input.
cd "$SRCDIR" || exit 1
. tests/lib.sh

iris=datasets/iris.csv
cars=datasets/cars.csv

# --- the table -------------------------------------------------------
ok "iris: exit 0" status 0 "$tmp/o" "$tmp/e" stats $iris
ok "header says full data" has "$tmp/o" '^datasets/iris.csv: full data: 150 rows, 6 columns$'
ok "a row per column" has "$tmp/o" '^sepal lengt.* float  *150  *0%  *35 '
ok "the mean and median of petal length" has "$tmp/o" '^petal lengt.*  3\.758  *4\.35 '
ok "label's top value and share" has "$tmp/o" "^label .*'setosa' 33%"
ok "numbers table: quantiles" has "$tmp/o" '^id  *1  *38\.25  *75\.5  *112\.75  *150 '
ok "fits 80 columns when not a terminal" test "$(widest "$tmp/o")" -le 80
ok "no trailing spaces" hasnt "$tmp/o" ' $'
ok "no error output" test ! -s "$tmp/e"
"$WINNOW" stats $iris >"$tmp/o2" 2>/dev/null
ok "the same output twice" cmp "$tmp/o" "$tmp/o2"
ok "Unicode sparklines in a UTF-8 locale" has "$tmp/o" '█'

# the numeric column with empty cells
ok "cars: exit 0" status 0 "$tmp/o" "$tmp/e" stats $cars
ok "mpg: 398 values, 2.0% missing" has "$tmp/o" '^Miles_per_G.* float  *398  *2\.0% '
ok "mpg: max 46.6, not an empty cell" has "$tmp/o" '^Miles_per_G.*  9  *17\.5  *23  *29  *46\.6 '
ok "dates shown as dates" has "$tmp/o" '^Year  *1970-01-01 .* 1982-01-01 '

# integer columns: bins of whole numbers, so a flat column is flat
awk 'BEGIN { print "n,m"; for (i = 0; i < 5000; i++) print i % 1000 "," i % 101 }' >"$tmp/flat.csv"
ok "flat integers: exit 0" status 0 "$tmp/o" "$tmp/e" stats "$tmp/flat.csv"
ok "... a flat sparkline, no ripples" has "$tmp/o" '^n  *int .* ████████$'
status 0 "$tmp/j" "$tmp/e" stats "$tmp/flat.csv" --json
ok "... integer edges, equal bins" json "$tmp/j" \
    'my @b = grep { $_->{kind} eq "range" } @{$j->{stats}[0]{histogram}{bins}}; @b > 1 && !grep { $_->{lo} != int($_->{lo}) || $_->{count} != $b[0]{count} } @b'
ok "... 0..100 never cut at 16.67" json "$tmp/j" \
    '!grep { $_->{kind} eq "range" && ($_->{lo} != int($_->{lo}) || $_->{hi} != int($_->{hi})) } @{$j->{stats}[1]{histogram}{bins}}'

# numbers one way: thousands separators, "1 row" but "2 rows"
printf 'a,b\n1,x\n' >"$tmp/one.csv"
ok "one row: exit 0" status 0 "$tmp/o" "$tmp/e" stats "$tmp/one.csv"
ok "... says 1 row, not 1 rows" has "$tmp/o" '^.*one.csv: full data: 1 row, 2 columns$'
awk 'BEGIN { print "n,lab"; for (i = 0; i < 12345; i++) print i "," (i < 12000 ? "a" : "b") }' >"$tmp/many.csv"
ok "12,345 rows: exit 0" status 0 "$tmp/o" "$tmp/e" stats "$tmp/many.csv" --label lab
ok "... the row count with separators" has "$tmp/o" 'full data: 12,345 rows, 2 columns$'
ok "... counts in the table too" has "$tmp/o" '^n  *int  *12,345 '
ok "... and in the label report" has "$tmp/o" "^label column 'lab': 2 classes, 12,345 labelled rows"
ok "... and the classes" has "$tmp/o" '^  a  *12,000  *97%$'
sed '/^numbers /,/^$/d' "$tmp/o" >"$tmp/counts"
ok "... no count of five digits or more without them" hasnt "$tmp/counts" '[^0-9.,][0-9]\{5,\}[^0-9.]'

# --- samples ---------------------------------------------------------
ok "sample: exit 0" status 0 "$tmp/s1" "$tmp/e" stats $iris --sample 50 --seed 3
ok "sample header" has "$tmp/s1" '^datasets/iris.csv: sample 50 of 150 rows (seed 3), 6 columns$'
ok "sample counts 50 rows" has "$tmp/s1" '^id  *int  *50 '
"$WINNOW" stats $iris --sample 50 --seed 3 >"$tmp/s2" 2>/dev/null
ok "same seed, same output" cmp "$tmp/s1" "$tmp/s2"
"$WINNOW" stats $iris --sample 50 --seed=4 >"$tmp/s3" 2>/dev/null
ok "another seed, another sample" sh -c "! cmp -s '$tmp/s1' '$tmp/s3'"
ok "a sample as large as the data is the full data" status 0 "$tmp/o" "$tmp/e" stats $iris --sample 150
ok "... and says so" has "$tmp/o" 'full data: 150 rows'
ok "stratified sample" status 0 "$tmp/o" "$tmp/e" stats $iris --label label --sample 30 --stratify
ok "... 10 of each class" has "$tmp/o" '^  setosa  *10 '
ok "... and says so" has "$tmp/o" 'stratified sample 30 of 150 rows (seed 1)'

# --- the label report ------------------------------------------------
ok "--label: exit 0" status 0 "$tmp/o" "$tmp/e" stats $iris --label label
ok "association column, marked eta" has "$tmp/o" '^petal leng.* 0\.97 η$'
ok "the label marks itself" has "$tmp/o" '^label .* label$'
ok "class counts" has "$tmp/o" '^  versicolor  *50  *33%$'
ok "clean labels" has "$tmp/o" 'no problems found'
ok "label health on a crafted file" status 0 "$tmp/o" "$tmp/e" stats tests/data/labelhealth.csv --label label
ok "... rows without a label, with keys" has "$tmp/o" 'warning: 2 rows without a label (rows 8, 32)'
ok "... case and space variants" has "$tmp/o" "labels differing only in case or spaces: 'Refund' 1, 'refund ' 1"
ok "... tiny classes" has "$tmp/o" "warning: class 'tiny' has only 1 row (row 11)"
ok "... conflicting duplicates" has "$tmp/o" "3 identical rows with different labels: 'billing' 2, 'Billing' 1"
ok "... their count" has "$tmp/o" '2 groups of identical rows (5 rows) carry different labels'
ok "... majority share" has "$tmp/o" "majority 'shipping' 43\.3%"
ok "... fits 80 columns" test "$(widest "$tmp/o")" -le 80

# text: naive Bayes on the words, not Cramer's V of the values
f=datasets/fortunes8.csv
ok "fortunes --label: exit 0" status 0 "$tmp/o" "$tmp/e" stats $f --label label
ok "the text column is associated (T), not 0.0x V" has "$tmp/o" '^text  *text .* 0\.[3-9][0-9] T$'
ok "the legend says what T is" has "$tmp/o" '^assoc: V Cram.*, T text: naive Bayes'
status 0 "$tmp/j" "$tmp/e" stats $f --label label --json
ok "JSON: text_nb with its accuracy and baseline" json "$tmp/j" \
    'my $a = $j->{stats}[1]{association}; $a->{measure} eq "text_nb" && $a->{value} > 0.3 && $a->{accuracy} > $a->{baseline} && abs($a->{baseline} - 1051 / 3154) < 1e-12 && $a->{rows} == 3154 && $a->{labelled} == 3154'

# missing markers: as written (case counts, as in pandas), said by marker
printf 'other_parties,amount\nnone,1\nNA,NA\nnone,\nguarantor,2\nNone,None\nnone,n/a\n NA ,3\nnone,nan\n' >"$tmp/na.csv"
ok "markers: exit 0" status 0 "$tmp/o" "$tmp/e" stats "$tmp/na.csv"
ok "'none' is a category, not missing" has "$tmp/o" "^other_parti.*'none' 50%"
ok "a section says which markers made cells missing" has "$tmp/o" '^missing  *cells  *by marker$'
ok "... by column, most first" has "$tmp/o" "^other_parti.* 3 'NA' 2, 'None' 1$"
ok "... the empty cell named" has "$tmp/o" "^amount  *5 'NA' 1, empty 1, 'None' 1, 'n/a' 1, 'nan' 1$"
status 0 "$tmp/j" "$tmp/e" stats "$tmp/na.csv" --json
ok "JSON: missing_markers" json "$tmp/j" \
    'my $m = $j->{stats}[0]{missing_markers}; $j->{stats}[0]{missing} == 3 && @$m == 2 && $m->[0]{marker} eq "NA" && $m->[0]{count} == 2 && $m->[1]{marker} eq "None"'
ok "--na replaces the markers, as written" status 0 "$tmp/o" "$tmp/e" stats "$tmp/na.csv" --na none
ok "... 'none' missing now, 'NA' a value" has "$tmp/o" "^other_parti.* 4 'none' 4$"

# --- JSON --------------------------------------------------------------
ok "--json: exit 0" status 0 "$tmp/j" "$tmp/e" stats $iris --label label --json
ok "parses as JSON" json "$tmp/j" 1
ok "rows and columns" json "$tmp/j" '$j->{rows} == 150 && $j->{columns} == 6 && !defined $j->{sample}'
ok "a summary per column" json "$tmp/j" '@{$j->{stats}} == 6 && $j->{stats}[1]{name} eq "sepal length (cm)"'
ok "mean and quantiles" json "$tmp/j" 'abs($j->{stats}[1]{numeric}{mean} - 5.843333333333334) < 1e-12 && $j->{stats}[1]{numeric}{quantiles}{p95} == 7.255'
ok "histogram bins sum to the rows" json "$tmp/j" 'my $s = 0; $s += $_->{count} for @{$j->{stats}[1]{histogram}{bins}}; $s == 150'
ok "association" json "$tmp/j" '$j->{stats}[3]{association}{measure} eq "eta" && abs($j->{stats}[3]{association}{value} - 0.9702431236846605) < 1e-9'
ok "classes and label health" json "$tmp/j" '@{$j->{classes}} == 3 && $j->{label_health}{conflict_groups} == 0 && $j->{label_health}{majority}{count} == 50'
ok "top values" json "$tmp/j" '$j->{stats}[5]{top}[0]{value} eq "setosa" && $j->{stats}[5]{top}[0]{count} == 50'
ok "cars --json" status 0 "$tmp/j" "$tmp/e" stats $cars --json --sample 100 --seed 9
ok "... sample recorded" json "$tmp/j" '$j->{sample}{rows} == 100 && $j->{sample}{of} == 406 && $j->{sample}{seed} == 9'
ok "... missing counted, never the max" json "$tmp/j" 'my ($c) = grep { $_->{name} eq "Horsepower" } @{$j->{stats}}; $c->{rows} == 100 && $c->{count} + $c->{missing} == 100 && $c->{numeric}{max} <= 230'
ok "crafted --json" status 0 "$tmp/j" "$tmp/e" stats tests/data/labelhealth.csv --label label --json
ok "... findings" json "$tmp/j" 'my @f = @{$j->{label_health}{findings}}; @f == 10 && $f[0]{kind} eq "missing" && $f[0]{examples}[1] eq "32" && $f[-1]{kind} eq "conflict"'

# --- untrusted text ----------------------------------------------------
printf 'n\033[2Jame,v\n"a\033]0;x\007b",1\n"\302\233c\342\200\256d",2\n\377,3\n' >"$tmp/esc.csv"
ok "control characters: exit 0" status 0 "$tmp/o" "$tmp/e" stats "$tmp/esc.csv"
ok "no escape byte reaches the output" sh -c "! LC_ALL=C grep -q \"\$(printf '\\033')\" '$tmp/o'"
ok "no BEL either" sh -c "! LC_ALL=C grep -q \"\$(printf '\\007')\" '$tmp/o'"
ok "the column name escaped" has "$tmp/o" '^n\\x1b\[2Jame '
ok "values escaped" has "$tmp/o" "'a\\\\x1b\]0;x\\\\x07b' 1"
ok "C1 controls and bidi overrides escaped" has "$tmp/o" "'\\\\u009bc\\\\u202ed' 1"
ok "invalid UTF-8 escaped" has "$tmp/o" "'\\\\xff' 1"
ok "JSON escapes too" status 0 "$tmp/j" "$tmp/e" stats "$tmp/esc.csv" --json
ok "... and parses" json "$tmp/j" '$j->{stats}[0]{name} eq "n\e[2Jame"'

# --- ASCII fallback ------------------------------------------------------
LC_ALL=C "$WINNOW" stats $iris --label label >"$tmp/a" 2>"$tmp/e"
ok "C locale: exit 0" test $? -eq 0
ok "C locale: ASCII only" sh -c "! LC_ALL=C grep -q '[^ -~]' '$tmp/a'"
ok "C locale: ASCII sparklines" has "$tmp/a" '^id .* #####'
ok "C locale: ASCII Cramer" has "$tmp/a" "Cramer's V"
LC_ALL=C "$WINNOW" stats "$tmp/esc.csv" >"$tmp/a" 2>"$tmp/e"
ok "C locale: UTF-8 bytes escaped" has "$tmp/a" "'\\\\xc2\\\\x9bc\\\\xe2\\\\x80\\\\xaed' 1"

# --- bad input -------------------------------------------------------------
ok "missing file: exit 66" status 66 "$tmp/o" "$tmp/e" stats "$tmp/nope.csv"
ok "... names the file" has "$tmp/e" "nope.csv"
ok "unknown --label: exit 64" status 64 "$tmp/o" "$tmp/e" stats $iris --label nope
ok "... lists the columns" has "$tmp/e" "no column named 'nope'.*'sepal width (cm)'"
ok "unknown --id: exit 64" status 64 "$tmp/o" "$tmp/e" stats $iris --id nope
ok "... lists the columns as --label does" has "$tmp/e" \
    "^winnow: datasets/iris.csv: no column named 'nope' (--id); the columns are: 'id', 'sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)', 'label'$"
ok "unknown --text: exit 64" status 64 "$tmp/o" "$tmp/e" stats $iris --text nope
ok "... lists the columns too" has "$tmp/e" "(--text); the columns are: 'id', .*'label'$"
# a header too long for one message: as many names as fit, then a count
awk 'BEGIN { for (i = 0; i < 200; i++) printf "%scolumn_with_a_long_name_%03d", \
    i ? "," : "", i; print ""; for (i = 0; i < 200; i++) printf "%s%d", \
    i ? "," : "", i; print "" }' >"$tmp/wide.csv"
ok "200 columns, unknown --id: exit 64" status 64 "$tmp/o" "$tmp/e" stats "$tmp/wide.csv" --id nope
ok "... the first columns, then how many more" has "$tmp/e" \
    "the columns are: 'column_with_a_long_name_000', .*_name_0[0-9][0-9]', and 1[0-9][0-9] more$"
printf 'a,b\n1,"x\n2,y\n' >"$tmp/bad1.csv"
ok "unterminated quote: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/bad1.csv"
ok "... file:line:col" has "$tmp/e" "bad1.csv:2:3: "
printf 'a,b\n1,2\n3\n' >"$tmp/bad2.csv"
ok "ragged row: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/bad2.csv"
ok "... file:line:col" has "$tmp/e" "bad2.csv:3:2: "
ok "nothing on stdout on error" test ! -s "$tmp/o"
ok "ragged row loads with --ragged pad" status 0 "$tmp/o" "$tmp/e" stats "$tmp/bad2.csv" --ragged pad
printf 'a,y\n1,\n2,NA\n' >"$tmp/nolab.csv"
ok "a label column without values: exit 65" status 65 "$tmp/o" "$tmp/e" stats "$tmp/nolab.csv" --label y
ok "no FILE: exit 64" status 64 "$tmp/o" "$tmp/e" stats
ok "two FILEs: exit 64" status 64 "$tmp/o" "$tmp/e" stats $iris $cars
ok "unknown option: exit 64" status 64 "$tmp/o" "$tmp/e" stats $iris --frobnicate
ok "--sample 0: exit 64" status 64 "$tmp/o" "$tmp/e" stats $iris --sample 0
ok "--sample x: exit 64" status 64 "$tmp/o" "$tmp/e" stats $iris --sample x
ok "--sample without a value: exit 64" status 64 "$tmp/o" "$tmp/e" stats $iris --sample
ok "--stratify without --label: exit 64" status 64 "$tmp/o" "$tmp/e" stats $iris --sample 5 --stratify
ok "--help: exit 0" status 0 "$tmp/o" "$tmp/e" stats --help
ok "... shows the options" has "$tmp/o" '--stratify'
ok "listed by winnow --help" sh -c "'$WINNOW' --help | grep -q '^ *winnow stats '"

done_testing
