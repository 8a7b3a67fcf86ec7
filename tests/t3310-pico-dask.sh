#!/bin/sh
# t3310-pico-dask - cluster/winnow_dask.py --pico on a LocalCluster of
# two worker processes: PICO with a saved model over byte ranges of a
# generated file (records with quoted line ends, so that ranges start
# inside records) and over a folder of parts writes the flags that
# `winnow score` writes for the whole file as one part, byte for byte; a
# worker killed in the second pass (its task is retried elsewhere)
# changes nothing; a malformed record in the third range is reported at
# the file's own line and column; a model whose checkers fail the skill
# gate flags nothing, and the driver says why once.
#
# Most runs share one cluster (--scheduler) started here, to keep the
# test short; the first run starts its own (--workers 2).
cd "$SRCDIR" || exit 1
. tests/lib.sh

. tests/dask.sh

# 20,000 records: x and cat follow the class, one label in eight is
# drawn at random; a third of the texts hold a quoted line end, commas
# and doubled quotes
gen() {
	records 20000 3 "${1:-0}" '
		c = int(rand() * 3)
		lab = rand() < 0.125 ? int(rand() * 3) : c
		t = i % 3 == 0 ? "\"a line end\nin it, \"\"w" c "\"\"\"" : \
		    "plain w" c " " i % 97
		printf "%d,%.3f,k%d,%s,c%d\n", i, c + rand() * 1.5,
		    (c + int(rand() * 2)) % 4, t, lab'
}
gen >"$tmp/g.csv"
cd "$tmp" || exit 1

ok "a model" status 0 o e pico g.csv --label label --features x,cat,text \
    --save-model m --flag q --sample 8000 --stratify --quiet
# one machine: the whole file as one part
ok "pass 1, one part" status 0 o e score --model m g.csv --out one.ev
ok "the reduce" status 0 o e score --reduce one.prior one.ev
ok "pass 2, one part" status 0 o e score --model m --prior one.prior g.csv \
    --out one.csv
ok "some rows flagged" test "$(grep -c ',1,[01],[01],[0-9],[01],[01]$' one.csv)" \
    -gt 100

ok "a LocalCluster of 2 workers, 4 ranges" drive 0 o two.err --workers 2 \
    --partitions 4 --pico m --out two.csv g.csv
ok "the flags of one machine, byte for byte" cmp one.csv two.csv
ok "says how many" has two.err "^winnow-dask: g.csv: 20000 rows, [1-9][0-9]* flagged$"
wait_cluster
ok "the shared cluster started" test -n "$addr"
ok "on stdout, through a scheduler's address, 5 ranges" drive 0 out e \
    --scheduler "$addr" --partitions 5 --quiet --pico m g.csv
ok "the same" cmp one.csv out
ok "JSON Lines, 6 ranges" drive 0 o e --scheduler "$addr" --partitions 6 \
    --quiet --pico m --out two.jsonl g.csv
ok "one machine's JSON Lines" status 0 o e score --model m \
    --prior one.prior g.csv --out one.jsonl
ok "the same" cmp one.jsonl two.jsonl
ok "--timing: the passes and each worker's peak memory" drive 0 o t.err \
    --scheduler "$addr" --partitions 3 --quiet --timing --pico m \
    --out three.csv g.csv
ok "the same flags" cmp one.csv three.csv
ok "the reduce's time" has t.err "^winnow-dask: reduce  *[0-9.]* s$"
ok "each worker's winnow's peak RSS" has t.err \
    "^winnow-dask: worker tcp://.*peak RSS: winnow [1-9][0-9]* MB"
ok "an existing --out is kept (73)" drive 73 o e --scheduler "$addr" \
    --quiet --pico m --out three.csv g.csv
ok "saying so" has e "three.csv exists; --force replaces it"
cp g.csv g.copy
ok "--force never over the input (73)" drive 73 o e --scheduler "$addr" \
    --quiet --pico m --force --out g.csv g.csv
ok "  saying so" has e "g.csv: is an input of this run"
ok "  which is unchanged" cmp g.csv g.copy
ok "nor the stats job's --out (73)" drive 73 o e --scheduler "$addr" \
    --quiet --out g.csv g.csv
ok "  which is unchanged" cmp g.csv g.copy
printf 'winnow-journal\t1\n' >j
ok "--force never over a journal (73)" drive 73 o e --scheduler "$addr" \
    --quiet --pico m --force --out j g.csv
ok "  saying so" has e "j: is a winnow journal"
ok "  which is unchanged" test "$(cat j)" = "$(printf 'winnow-journal\t1')"

# a folder of parts (each with its header) keyed by --id, against the
# whole file keyed by --id (a record starts on a line that starts with
# its id)
split_parts g.csv 7001 15001
ok "three parts" test -s parts/p2.csv
ok "pass 1 by id" status 0 o e score --model m g.csv --id id --out id.ev
ok "the reduce" status 0 o e score --reduce id.prior id.ev
ok "pass 2 by id" status 0 o e score --model m --prior id.prior g.csv \
    --id id --out id.csv
ok "a folder of parts" drive 0 o e --scheduler "$addr" --quiet --pico m \
    --out parts.csv parts --id id
ok "the flags of the whole" cmp id.csv parts.csv

# a worker killed once in the middle (the first flags task kills the
# worker process that runs it): Dask runs the task again
write_killer --prior
ok "a worker killed mid-job" drive 0 o killed.err --scheduler "$addr" \
    --partitions 4 --quiet --winnow ./killer --pico m --out killed.csv g.csv
ok "it was killed" test -d killed
ok "the same flags" cmp one.csv killed.csv

# a malformed record in the third of four ranges
gen 13000 >bad.csv
ok "the bad record is in the third range" in_third_range bad.csv
status 65 o one.err score --model m bad.csv --out x
ok "one process names its line and column" has one.err \
    "^winnow: bad.csv:$line:4: "
ok "the cluster exits 65" drive 65 o two.err --scheduler "$addr" \
    --partitions 4 --quiet --pico m --out x bad.csv
# (Dask may add its own lines under load, e.g. an unresponsive event loop)
ok "with the same message" test "$(grep '^winnow:' two.err)" = \
    "$(cat one.err)"
ok "and writes nothing" test ! -e x

# a model whose checkers fail the skill gate: no partition flags a row,
# and the driver passes the partitions' warning on, once
unrelated_labels 3 4000 >rnd.csv
ok "a model of unrelated labels" status 0 o e pico rnd.csv --label label \
    --id id --save-model mr --flag q --quiet
ok "its flags, 3 ranges" drive 0 o rnd.err --scheduler "$addr" \
    --partitions 3 --pico mr --out rnd.flags rnd.csv --id id
ok "no row flagged" has rnd.err "^winnow-dask: rnd.csv: 4000 rows, 0 flagged$"
ok "and why, once" test "$(grep -c '^winnow: warning: mr: the other columns do not predict the label; flags would be guesses; its parts flag nothing' rnd.err)" -eq 1

# usage
ok "the model is the driver's to give (64)" drive 64 o e --quiet --pico m \
    g.csv --model m
ok "--json is the stats job's (64)" drive 64 o e --quiet --pico m --json \
    g.csv
ok "a missing model (66)" drive 66 o e --scheduler "$addr" --quiet \
    --pico nosuch --out y g.csv
ok "named" has e "nosuch: no model here"
done_testing
