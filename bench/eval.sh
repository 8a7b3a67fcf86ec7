#!/bin/sh
# eval.sh - `make eval`: how well winnow finds injected label errors, on
# every labelled dataset of a folder, next to confident learning on the
# same evidence and to a scikit-learn peer.  bench/eval.c does the noise
# and the scoring, bench/eval_peer.py the peer's probabilities,
# bench/eval_summary.awk the tables and the targets of issue 10.
#
# usage: sh bench/eval.sh [eval|variants]
#
# For each dataset DIR/NAME.csv with a `label` column (an `id` column,
# when there is one, is the row key and no feature):
#   the clean copy, and noisy copies for each setting and noise seed
#   (uNN: NN% of the labelled rows flipped to any other class; cNN:
#   class-dependent, each class to one fixed other class);
#   a copy with the label column shuffled (labels unrelated to the
#   features); and once, a synthetic 20,000-row file with random labels.
# Each copy is judged by
#   pico     winnow pico (defaults, plus EVAL_OPTS)
#   cl       winnow pico --method cl: confident learning on the same
#            checkers' probabilities
#   pico-lr  winnow pico --probs P: Mode A on the peer's probabilities P
#   cl-lr    winnow pico --method cl --probs P: the peer, confident
#            learning (cleanlab 2.x) on 5-fold scikit-learn logistic
#            regression (python3-sklearn; skipped with a note without it)
# Every run is one process; results go to $EVAL_OUT (default
# $BUILD/eval/results.tsv), one line per dataset x setting x seed x
# method, then the summary is printed.
#
# `variants` runs pico and cl with each option set of EVAL_VARIANTS (one
# per line; default: the list below) on the same copies and prints one
# line per set, to choose defaults by.
#
# Environment: EVAL_DATA (folder; default ../shared/datasets beside the
# source tree, else the bundled datasets/), EVAL_DATASETS (names, comma
# separated: a subset), EVAL_SETTINGS (default "u10 u30 c20"),
# EVAL_SEEDS (default "1 2 3"), EVAL_NULL_REPS (default "1 2": files of
# each of the null family's 18 shapes: 200 to 2,000 rows, 2 to 4
# classes, 2 or 8 normal columns and a colour, labels drawn apart from
# them), EVAL_OPTS (extra winnow pico options for the pico runs),
# EVAL_OUT, EVAL_PYTHON (default /usr/bin/python3).
set -e
: "${SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BUILD:=$SRCDIR/build}"
bin=$BUILD/bench/eval
mode=${1:-eval}
settings=${EVAL_SETTINGS:-u10 u30 c20}
seeds=${EVAL_SEEDS:-1 2 3}
py=${EVAL_PYTHON:-/usr/bin/python3}
out=${EVAL_OUT:-$BUILD/eval/results.tsv}
random_rows=20000
null_reps=${EVAL_NULL_REPS-1 2}

case $mode in
eval|variants) ;;
*) echo "usage: eval.sh [eval|variants]" >&2; exit 64 ;;
esac

if [ -n "$EVAL_DATA" ]; then
	data=$EVAL_DATA
else
	data=$SRCDIR/datasets
	# the shared folder sits beside the tree (or beside a worktree's
	# parent)
	for d in "$SRCDIR/../shared/datasets" "$SRCDIR/../../shared/datasets"
	do
		if [ -d "$d" ]; then
			data=$(cd "$d" && pwd)
			break
		fi
	done
fi
if [ ! -d "$data" ]; then
	echo "eval: $data: no such folder" >&2
	exit 66
fi

# the labelled datasets: a `label` field in the header
names=
for f in "$data"/*.csv; do
	[ -f "$f" ] || continue
	n=$(basename "$f" .csv)
	if [ -n "$EVAL_DATASETS" ]; then
		case ",$EVAL_DATASETS," in *",$n,"*) ;; *) continue ;; esac
	fi
	head -n 1 "$f" | tr -d '\r"' | tr ',' '\n' | grep -qx label || continue
	names="$names $n"
done
if [ -z "$names" ]; then
	echo "eval: no dataset with a label column in $data" >&2
	exit 66
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/winnow-eval.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$(dirname "$out")"
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')

# dataset options of FILE: the id column is the key when there is one
dsopts() {
	if head -n 1 "$1" | tr -d '\r"' | tr ',' '\n' | grep -qx id
	then
		echo "--label label --id id"
	else
		echo "--label label"
	fi
}

# run FILE TAG [options]: one line of results
run() {
	f=$1
	tag=$2
	shift 2
	nice "$bin" run "$f" --tag "$tag" "$@" >>"$out.part" ||
	    { echo "eval: run $tag failed" >&2; exit 1; }
}

echo "== data: $data"
echo "   datasets:$names"
echo "   settings: clean $settings (noise seeds: $seeds), shuffled labels,"
echo "   random labels ($random_rows rows, and $(echo $null_reps | wc -w) x 18" \
    "small files of 18 shapes); cores: $cores"

# --- the copies ----------------------------------------------------
start=$(date +%s)
copies=
for n in $names; do
	o=$(dsopts "$data/$n.csv")
	for s in $settings; do
		for seed in $seeds; do
			# shellcheck disable=SC2086
			"$bin" noise "$data/$n.csv" "$work/$n.$s.$seed.csv" \
			    --setting "$s" --seed "$seed" $o
			copies="$copies $n.$s.$seed"
		done
	done
	# shellcheck disable=SC2086
	"$bin" noise "$data/$n.csv" "$work/$n.shuffle.1.csv" \
	    --setting shuffle --seed 1 $o
done
"$bin" random "$work/random.random.1.csv" --rows $random_rows --seed 1
# the null family: small files whose labels mean nothing, of several
# shapes, to measure how often the skill gate lets chance through
nulls=
i=0
for rows in 200 600 2000; do
	for k in 2 3 4; do
		for cols in 2 8; do
			for rep in $null_reps; do
				i=$((i + 1))
				"$bin" random "$work/null.null.$i.csv" \
				    --rows $rows --seed $((1000 + i)) \
				    --cols $cols --classes $k
				nulls="$nulls $i"
			done
		done
	done
done

# --- the peer's probabilities --------------------------------------
peer=0
if [ "$mode" = eval ]; then
	if "$py" -c 'import sklearn' 2>/dev/null; then
		echo "== peer: 5-fold scikit-learn logistic regression" \
		    "(seconds per file: features and fits)"
		files=
		for n in $names; do
			files="$files $data/$n.csv"
			for s in $settings; do
				for seed in $seeds; do
					files="$files $work/$n.$s.$seed.csv"
				done
			done
		done
		for i in $nulls; do
			files="$files $work/null.null.$i.csv"
		done
		# one BLAS thread: the folds are small and the cores shared
		t0=$(date +%s)
		# shellcheck disable=SC2086
		OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 nice "$py" \
		    "$SRCDIR/bench/eval_peer.py" --out-dir "$work" $files |
		    awk '{ printf "%s %s%s", $1, $2, NR % 6 ? "  " : "\n" }
			END { if (NR % 6) print "" }'
		echo "   the peer took $(($(date +%s) - t0)) s"
		peer=1
	else
		echo "== peer skipped: $py cannot import sklearn" \
		    "(apt-get install python3-sklearn)"
	fi
fi

# --- the runs ------------------------------------------------------
# judge NAME SETTING SEED FILE TRUTH: every method on one copy (EVAL_OPTS
# go to each: options of the checkers change both methods' evidence)
judge() {
	o=$(dsopts "$4")
	t=
	[ -n "$5" ] && t="--truth $5"
	# shellcheck disable=SC2086
	run "$4" "$1,$2,$3,pico" $o $t $EVAL_OPTS
	# shellcheck disable=SC2086
	run "$4" "$1,$2,$3,cl" $o $t $EVAL_OPTS --method cl
	p=$work/$(basename "$4" .csv).lr.csv
	if [ $peer = 1 ] && [ -f "$p" ]; then
		# shellcheck disable=SC2086
		run "$4" "$1,$2,$3,pico-lr" $o $t $EVAL_OPTS --probs "$p"
		# shellcheck disable=SC2086
		run "$4" "$1,$2,$3,cl-lr" $o $t $EVAL_OPTS --method cl \
		    --probs "$p"
	fi
}

# judge_all: every copy, results in $out
judge_all() {
	"$bin" header >"$out.part"
	for n in $names; do
		judge "$n" clean 0 "$data/$n.csv" ""
		for s in $settings; do
			for seed in $seeds; do
				judge "$n" "$s" "$seed" \
				    "$work/$n.$s.$seed.csv" "$data/$n.csv"
			done
		done
		judge "$n" shuffle 1 "$work/$n.shuffle.1.csv" ""
		printf '.' >&2
	done
	judge random random 1 "$work/random.random.1.csv" ""
	for i in $nulls; do
		judge null null "$i" "$work/null.null.$i.csv" ""
	done
	echo >&2
	mv "$out.part" "$out"
}

if [ "$mode" = eval ]; then
	judge_all
	echo "== results: $out ($(($(wc -l <"$out") - 1)) runs)"
	awk -f "$SRCDIR/bench/eval_summary.awk" "$out"
	echo "== eval took $(($(date +%s) - start)) s"
	exit 0
fi

# --- variants: one option set at a time, without the peer ----------
if [ -z "$EVAL_VARIANTS" ]; then
	EVAL_VARIANTS='
--beta one
--beta inv
--alpha 0.5
--prior eps
--carry hmm
--pool mean
--rounds 1
--rounds 3
--relabel-threshold 0.8
--relabel-threshold 0.95
--repeats 1
--repeats 5
--folds 10
--flag argmax
--model nb'
fi
echo "== variants: each option set on the same copies.  pico's mean F1"
echo "   (u10 u30 c20), AUROC, real errors among the first 50 cards,"
echo "   suggestion accuracy on flagged real errors, flag rate on clean"
echo "   copies, rows flagged where labels are unrelated, and on how many"
echo "   noisy files pico's F1 is below cl's on the same checkers"
awk -v variant=- -f "$SRCDIR/bench/eval_summary.awk" /dev/null
base=$out
printf '%s\n' "(defaults)" "$EVAL_VARIANTS" | while IFS= read -r v; do
	[ -n "$v" ] || continue
	if [ "$v" = "(defaults)" ]; then
		EVAL_OPTS=
	else
		EVAL_OPTS=$v
	fi
	out=$base.variant
	judge_all 2>/dev/null
	awk -v variant="$v" -f "$SRCDIR/bench/eval_summary.awk" "$out"
done
rm -f "$base.variant"
echo "== variants took $(($(date +%s) - start)) s"
