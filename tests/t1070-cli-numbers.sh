#!/bin/sh
# t1070-cli-numbers - every numeric option of every subcommand and of the
# workbench goes through one range check (cli_uint, cli_real): an
# overflow, junk, a sign, a fraction, an empty value or a value outside
# the range is a usage error (exit 64) whose message names the option,
# the value and the range, and nothing runs; the limits themselves are
# accepted.  Also: export's --journal is shown as optional.
cd "$SRCDIR" || exit 1
. tests/lib.sh

iris=datasets/iris.csv
big=99999999999999999999	# above 2^64 - 1
u64max=18446744073709551615

# bad WHY OPT VALUE RANGE ARGS...: winnow ARGS exits 64 and says
# "OPT: 'VALUE' ... (RANGE)"; nothing on standard output
bad() {
	why=$1 opt=$2 val=$3 range=$4
	shift 4
	ok "$* ($why): exit 64" status 64 "$tmp/o" "$tmp/e" "$@"
	ok "... names $opt, '$val' and the range" grep -qF -e \
	    "winnow: $opt: '$val' " "$tmp/e"
	ok "... and the range ($range)" grep -qF -e "($range)" "$tmp/e"
	ok "... and prints nothing else" test ! -s "$tmp/o"
}
whole() { echo "a whole number from $1 to $2"; }
real() { echo "a number from $1 to $2"; }

# --- winnow stats ---------------------------------------------------
bad overflow --seed $big "$(whole 0 $u64max)" stats $iris --seed $big
bad overflow --sample $big "$(whole 1 $u64max)" stats $iris --sample $big
bad "just above 2^64-1" --seed 18446744073709551616 "$(whole 0 $u64max)" \
    stats $iris --seed 18446744073709551616
bad junk --sample 12x "$(whole 1 $u64max)" stats $iris --sample 12x
bad negative --sample -5 "$(whole 1 $u64max)" stats $iris --sample -5
bad zero --sample 0 "$(whole 1 $u64max)" stats $iris --sample 0
bad "negative, with =" --seed -1 "$(whole 0 $u64max)" stats $iris --seed=-1
bad "a plus sign" --sample +5 "$(whole 1 $u64max)" stats $iris --sample +5
bad "a leading space" --sample " 5" "$(whole 1 $u64max)" stats $iris \
    --sample " 5"
bad "a fraction" --sample 5.0 "$(whole 1 $u64max)" stats $iris --sample 5.0
bad empty --seed "" "$(whole 0 $u64max)" stats $iris --seed=
bad "too many threads" --threads 257 "$(whole 0 256)" stats $iris \
    --threads 257
bad "threads overflow" --threads $big "$(whole 0 256)" stats $iris \
    --threads $big
ok "stats --seed 2^64-1: exit 0" status 0 "$tmp/o" "$tmp/e" stats $iris \
    --sample 10 --seed $u64max
ok "... and says so" has "$tmp/o" "sample 10 of 150 rows (seed $u64max)"
ok "stats --threads 256 --sample 1: exit 0" status 0 "$tmp/o" "$tmp/e" \
    stats $iris --threads 256 --sample 1

# --- winnow pico ----------------------------------------------------
p="pico $iris --label label --quiet"
bad "below 2" --folds 1 "$(whole 2 100)" $p --folds 1 --out "$tmp/f.csv"
ok "... writes no output" test ! -e "$tmp/f.csv"
bad zero --folds 0 "$(whole 2 100)" $p --folds 0
bad "above 100" --folds 101 "$(whole 2 100)" $p --folds 101
bad overflow --folds $big "$(whole 2 100)" $p --folds $big
bad zero --repeats 0 "$(whole 1 64)" $p --repeats 0
bad "above 16" --rounds 17 "$(whole 1 16)" $p --rounds 17
bad negative --top-r -1 "$(whole 1 4096)" $p --top-r -1
bad junk --hash-bits 18bits "$(whole 8 20)" $p --hash-bits 18bits
bad overflow --seed $big "$(whole 0 $u64max)" $p --seed $big
bad "a negative thread count" --threads -2 "$(whole 0 256)" $p --threads -2
bad "above 1" --tau 1.5 "$(real 0 1)" $p --tau 1.5
bad "not a number" --tau nan "$(real 0 1)" $p --tau nan
bad infinite --eps inf "$(real 0 1)" $p --eps inf
bad hexadecimal --stay 0x1p-2 "$(real 0 1)" $p --stay 0x1p-2
bad negative --alpha -1 "$(real 0 1e+06)" $p --alpha -1
bad overflow --alpha 1e999 "$(real 0 1e+06)" $p --alpha 1e999
bad junk --relabel-threshold 0.5x "$(real 0 1)" $p \
    --relabel-threshold 0.5x
ok "pico at the limits: exit 0" status 0 "$tmp/o" "$tmp/e" $p --folds 2 \
    --repeats 1 --rounds 1 --tau 1 --seed $u64max

# --- winnow export (its numbers are the dataset options') -----------
bad overflow --threads $big "$(whole 0 256)" export $iris --out \
    "$tmp/c.csv" --threads $big
ok "... writes no output" test ! -e "$tmp/c.csv"

# --- the workbench ----------------------------------------------------
w="$iris --headless 80x24"
bad overflow --sample-threshold $big "$(whole 0 $u64max)" $w \
    --sample-threshold $big
bad zero --sample-size 0 "$(whole 1 $u64max)" $w --sample-size 0
bad junk --seed 7e3 "$(whole 0 $u64max)" $w --seed 7e3
bad "above a million" --rerun-every 1000001 "$(whole 0 1000000)" $w \
    --rerun-every 1000001
bad negative --rerun-every -1 "$(whole 0 1000000)" $w --rerun-every -1
bad overflow --threads $big "$(whole 0 256)" $w --threads $big
bad "too small" --memory 1K "a size from 1M to 1048576G (K, M, G, T: binary units)" \
    $w --memory 1K
bad "zero width" "--headless width" 0 "$(whole 1 10000)" $iris \
    --headless 0x24
bad "height overflow" "--headless height" $big "$(whole 1 10000)" $iris \
    --headless 80x$big
bad "junk after the height" "--headless height" 24junk "$(whole 1 10000)" \
    $iris --headless 80x24junk
ok "--headless without x: exit 64" status 64 "$tmp/o" "$tmp/e" $iris \
    --headless 80
ok "... shows the form" has "$tmp/e" "takes WxH, like 80x24, not '80'"
ok "the workbench at the limits: exit 0" status 0 "$tmp/o" "$tmp/e" $iris \
    --headless 80x24 --seed $u64max --sample-threshold 0 \
    --rerun-every 1000000 --threads 256
ok "... draws the Overview" has "$tmp/o" "1 Overview"

# --- export's --journal is optional -----------------------------------
"$WINNOW" --help >"$tmp/h" 2>&1
ok "winnow --help: export FILE --out F [--journal J]" has "$tmp/h" \
    '^       winnow export FILE --out F \[--journal J\] '
"$WINNOW" export --help >"$tmp/h" 2>&1
ok "export --help: [--journal J]" has "$tmp/h" \
    '^usage: winnow export FILE --out CLEAN.csv \[--journal J\]'

done_testing
