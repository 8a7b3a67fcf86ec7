#!/bin/sh
# t3300-pico-shard - PICO in parts with a saved model: `winnow pico
# --save-model` on a stratified sample, `winnow score` pass 1 (evidence),
# --reduce (the summed joint), pass 2 (flags).  The flags of three byte
# ranges, and of a folder of parts keyed by --id, equal those of the
# whole file scored as one part, byte for byte; bad models, parts that
# lack a column, priors of another model and malformed records fail with
# their exit status and a message that names the place; a model whose
# checkers fail the skill gate flags nothing, and says so.
cd "$SRCDIR" || exit 1
. tests/lib.sh

# 6,000 rows: x and the words follow the class, cat half does; one row
# in ten has a label drawn at random (its true class in column truth,
# which the checkers are not shown: --features); quoted commas in text,
# the last column
gen() {
	awk -v bad="${1:-0}" 'BEGIN { srand(5)
	print "id,x,y,cat,label,truth,text"
	split("apple pie|blue sky|cold rain", w, "|")
	for (i = 1; i <= 6000; i++) {
		if (i == bad)
			print "1,2"
		c = int(rand() * 3)
		lab = rand() < 0.1 ? int(rand() * 3) : c
		printf "%d,%.3f,%.3f,k%d,c%d,c%d,\"%s, %d\"\n", i,
		    c + rand() * 1.3, rand(), (c + int(rand() * 2)) % 4,
		    lab, c, w[c + 1], i % 40
	} }'
}
gen >"$tmp/g.csv"
cd "$tmp" || exit 1
feat="--features x,y,cat,text"

# the model
ok "the default flag rule cannot be saved (64)" status 64 o e pico g.csv \
    --label label $feat --save-model m
ok "saying which rules can" has e "flag q or --flag argmax"
ok "--save-model runs nothing: no --out (64)" status 64 o e pico g.csv \
    --label label $feat --save-model m --flag q --out x.csv
ok "--sample goes with --save-model (64)" status 64 o e pico g.csv \
    --label label --sample 10
ok "a model on a stratified sample of 4,000 rows" status 0 o e pico g.csv \
    --label label $feat --save-model m --flag q --tau 0.5 --sample 4000 \
    --stratify --quiet
ok "in its folder" test -s m/model.bin
ok "saying nothing with --quiet" test ! -s e
ok "it is replaced only with --force (73)" status 73 o e pico g.csv \
    --label label $feat --save-model m --flag q --sample 4000 --stratify
ok "said" has e "m/model.bin"
ok "--force replaces it" status 0 o e pico g.csv --label label $feat \
    --save-model m --flag q --tau 0.5 --sample 4000 --stratify --force \
    --quiet
ok "the same model in another folder" status 0 o e pico g.csv \
    --label label $feat --save-model m2 --flag q --tau 0.5 --sample 4000 \
    --stratify
ok "says what it saved" has e "^g.csv: model [0-9a-f]\{16\} saved in m2: 4000 training rows, 3 classes, 3 x 5"
ok "bit for bit: training is deterministic" cmp m/model.bin m2/model.bin

# the whole file as one part
ok "pass 1 over the whole file" status 0 o e score --model m g.csv \
    --out whole.ev
ok "its header" has whole.ev '^{"format":"winnow-evidence","version":1,"model":"[0-9a-f]*","classes":3,"parts":1,"rows":6000,'
ok "a row's evidence, keyed by its line" has whole.ev \
    '^{"id":"2","given":"c[0-2]","confident":\("c[0-2]"\|null\),"p_given":0\.[0-9]*}$'
ok "one line a row" test "$(wc -l <whole.ev)" -eq 6001
ok "the reduce" status 0 o e score --reduce whole.prior whole.ev
ok "pass 2" status 0 o e score --model m --prior whole.prior g.csv \
    --out whole.csv
ok "the header of winnow pico --out" has whole.csv \
    "^id,given,suggested,p_suggested,quality,suspicion,flagged,auto_fix,ambiguous,agree,rounds,doubtful$"
ok "a row a line" test "$(wc -l <whole.csv)" -eq 6001
ok "no labelled row is suggested its own label" \
    test "$(awk -F, 'NR > 1 && $2 != "" && $2 == $3' whole.csv | wc -l)" -eq 0
# flagged rows against the rows whose label was drawn at random
awk -F, 'NR > 1 { print $6 }' g.csv >truth
awk -F, 'NR > 1 { print $5 }' g.csv >given
sed 1d whole.csv | cut -d, -f7 >flags
paste -d' ' truth given flags | awk '$3 == 1 { f++; w += $1 != $2 }
    $1 != $2 { n++ } END { print f, w, n }' >pr
read nflag nwrong nnoise <pr
ok "flags some rows ($nflag)" test "$nflag" -gt 50 -a "$nflag" -lt 1000
ok "most of them wrong labels ($nwrong of $nflag)" \
    test $((nwrong * 10)) -ge $((nflag * 7))
ok "and most wrong labels flagged ($nwrong of $nnoise)" \
    test $((nwrong * 10)) -ge $((nnoise * 7))

# three byte ranges of the file: the same prior, the same flags
off() {
	awk -v L="$1" 'NR < L { n += length($0) + 1 } END { print n }' g.csv
}
a=$(off 2) b=$(off 2001) c=$(off 4501) z=$(wc -c <g.csv)
set -- "$a:$b 2" "$b:$c 2001" "$c:$z 4501"
i=0
for r in "$@"; do
	set -- $r
	ok "pass 1, range $1" status 0 o e score --model m g.csv --range "$1" \
	    --start-line "$2" --out "p$i.ev"
	i=$((i + 1))
done
ok "the reduce of three" status 0 o e score --reduce three.prior p0.ev \
    p1.ev p2.ev
sed 's/"parts":[0-9]*,//' whole.prior >a
sed 's/"parts":[0-9]*,//' three.prior >b
ok "the sums of the parts are those of the whole" cmp a b
ok "three parts" has three.prior '"parts":3,"rows":6000,'
i=0
for r in "$a:$b 2" "$b:$c 2001" "$c:$z 4501"; do
	set -- $r
	ok "pass 2, range $1" status 0 o e score --model m \
	    --prior three.prior g.csv --range "$1" --start-line "$2" \
	    --out "f$i.csv"
	i=$((i + 1))
done
{ cat f0.csv; tail -n +2 f1.csv; tail -n +2 f2.csv; } >three.csv
ok "the flags of the parts are those of the whole" cmp whole.csv three.csv

# a folder of parts, each with its header, keyed by --id; JSON Lines
mkdir parts
awk 'NR == 1 { h = $0; next } NR == 2 || NR == 3001 || NR == 5001 {
    f = sprintf("parts/p%d.csv", n++); print h >f } { print >f }' g.csv
for p in 0 1 2; do
	ok "part $p, pass 1" status 0 o e score --model m parts/p$p.csv \
	    --id id --out id$p.ev
done
ok "their reduce" status 0 o e score --reduce id.prior id0.ev id1.ev id2.ev
for p in 0 1 2; do
	ok "part $p, pass 2" status 0 o e score --model m --prior id.prior \
	    parts/p$p.csv --id id --out id$p.jsonl
done
ok "the whole by --id" status 0 o e score --model m --prior id.prior g.csv \
    --id id --out idwhole.jsonl
cat id0.jsonl id1.jsonl id2.jsonl >idparts.jsonl
ok "the same rows" cmp idwhole.jsonl idparts.jsonl
ok "keyed by id" has idparts.jsonl '^{"id":"6000","given":"c[0-2]",'

# bad models
ok "no model folder (66)" status 66 o e score --model nosuch g.csv --out x
ok "named" has e "nosuch: no model here"
mkdir empty
ok "a folder without a model (66)" status 66 o e score --model empty \
    g.csv --out x
ok "named" has e "empty/model.bin: cannot open"
mkdir notmodel
cp g.csv notmodel/model.bin
ok "a file that is not a model (65)" status 65 o e score --model notmodel \
    g.csv --out x
ok "named" has e "notmodel/model.bin: not a winnow model"
mkdir dmg
cp m/model.bin dmg/model.bin
printf 'X' | dd of=dmg/model.bin bs=1 seek=2000 conv=notrunc 2>/dev/null
ok "a damaged model (65)" status 65 o e score --model dmg g.csv --out x
ok "named" has e "dmg/model.bin: damaged model"
head -c 3000 m/model.bin >dmg/model.bin
ok "a truncated model (65)" status 65 o e score --model dmg g.csv --out x
ok "nothing written" test ! -e x

# parts that do not fit the model
cut -d, -f1,2,4- g.csv >noy.csv
ok "a part without a feature column (65)" status 65 o e score --model m \
    noy.csv --out x
ok "names it" has e "noy.csv: no column named 'y' (a feature of the model)"
cut -d, -f1-4,6- g.csv >nolabel.csv
ok "a part without the label column (65)" status 65 o e score --model m \
    nolabel.csv --out x
ok "names it" has e "no column named 'label' (the model's label column)"
ok "--label is the model's (64)" status 64 o e score --model m g.csv \
    --label label --out x
ok "--id names no column (65)" status 65 o e score --model m g.csv \
    --id nosuch --out x

# priors and evidence of another model
ok "a second model" status 0 o e pico g.csv --label label \
    --features x,cat --save-model m3 --flag q --quiet
ok "its evidence" status 0 o e score --model m3 g.csv --out m3.ev
ok "summed with another model's (65)" status 65 o e score --reduce x \
    whole.ev m3.ev
ok "names the file" has e "m3.ev: scored by model"
ok "a prior of another model (65)" status 65 o e score --model m3 \
    --prior whole.prior g.csv --out x
ok "names it" has e "whole.prior: summed from the evidence of another model"
ok "a prior that is not one (65)" status 65 o e score --model m \
    --prior g.csv g.csv --out x
ok "names it" has e "g.csv:1: not the evidence or prior"
sed 's/"count":\[\([0-9]*\)/"count":[1\1/' whole.prior >bad.prior
ok "counts that do not add up (65)" status 65 o e score --model m \
    --prior bad.prior g.csv --out x
ok "named" has e "bad.prior:1: damaged winnow-prior"
ok "the reduce never writes over its input (73)" status 73 o e score \
    --reduce whole.ev whole.ev

# labels unrelated to the columns: the model measures its checkers as
# winnow pico does, and one that fails the skill gate flags nothing in
# any part, said at --save-model and at pass 2 (the q rule flagged every
# row of such a file before)
unrelated_labels 11 3000 >rnd.csv
ok "a model of unrelated labels: exit 0" status 0 o e pico rnd.csv \
    --label label --id id --save-model mr --flag q
ok "which says its parts flag nothing" has e \
    "^winnow: warning: mr: the other columns do not predict the label; flags would be guesses; its parts flag nothing (gain over the class shares [0-9.]* nats on 3,000 training rows, gate 6.75 and 0.001 a row; --gate 0 with --save-model flags anyway)$"
ok "its evidence" status 0 o e score --model mr rnd.csv --id id --out r.ev
ok "summed" status 0 o e score --reduce r.prior r.ev
ok "pass 2: exit 0" status 0 o e score --model mr --prior r.prior \
    rnd.csv --id id --out r.flags
ok "says the same" has e "^winnow: warning: mr: the other columns do not predict the label"
ok "a row for every row" test "$(wc -l <r.flags)" -eq 3001
ok "none flagged" test "$(awk -F, 'NR > 1 && $7 == 1' r.flags | wc -l)" -eq 0
ok "--gate 0: exit 0" status 0 o e pico rnd.csv --label label --id id \
    --save-model mr0 --flag q --gate 0 --quiet
ok "and no warning" test ! -s e
status 0 o e score --model mr0 rnd.csv --id id --out r0.ev
status 0 o e score --reduce r0.prior r0.ev
ok "then pass 2 flags the guesses" status 0 o e score --model mr0 \
    --prior r0.prior rnd.csv --id id --out r0.flags
ok "many of them" test "$(awk -F, 'NR > 1 && $7 == 1' r0.flags | wc -l)" -gt 100
ok "the model that learns does not warn" status 0 o e pico g.csv \
    --label label $feat --save-model m4 --flag q --tau 0.5 --sample 4000 \
    --stratify
hasnt_warn() { ! grep -q "warning" "$1"; }
ok "(no warning)" hasnt_warn e

# a malformed record in the middle range: the file's own line
gen 3000 >bad.csv
line=$(grep -n '^1,2$' bad.csv | cut -d: -f1)
a=$(awk -v L=2 'NR < L { n += length($0) + 1 } END { print n }' bad.csv)
b=$(awk -v L=2001 'NR < L { n += length($0) + 1 } END { print n }' bad.csv)
c=$(awk -v L=4502 'NR < L { n += length($0) + 1 } END { print n }' bad.csv)
status 65 o one.err stats bad.csv --label label
ok "one process names its line" has one.err "^winnow: bad.csv:$line:4: "
ok "the range that holds it fails (65)" status 65 o e score --model m \
    bad.csv --range "$b:$c" --start-line 2001 --out x
ok "with the same message" cmp one.err e
ok "the range before it is fine" status 0 o e score --model m bad.csv \
    --range "$a:$b" --start-line 2 --out x
done_testing
