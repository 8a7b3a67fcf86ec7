#!/bin/sh
# t3340-export-dask - cluster/winnow_dask.py --export JOURNAL --out-dir
# DIR on a LocalCluster of two worker processes: the cleaned byte ranges
# of a generated file (records with quoted line ends), concatenated in
# order, equal `winnow export` of the whole file byte for byte, for a
# journal keyed by row number (a counting pass gives each range its
# first row) and by id; a folder of parts is cleaned part by part; what
# cannot work is refused with winnow's exit status.
cd "$SRCDIR" || exit 1
. tests/lib.sh

. tests/dask.sh

. tests/parts.sh
gen 6000 >"$tmp/g.csv"
cd "$tmp" || exit 1
ok "a journal by row number" decide jr "" "$(seq 3 29 5990)" "7 4000" \
    "$(seq 8 113 5990)" 12 13
ok "a journal by id" decide ji id "$(seq 5 31 5990)" "9 4001" \
    "$(seq 10 109 5990)" 20 21
ok "the whole file's export, by row number" status 0 o e export g.csv \
    --journal jr --out whole-r.csv --drop-excluded
ok "by id" status 0 o e export g.csv --journal ji --out whole-i.csv \
    --drop-excluded

wait_cluster
ok "the shared cluster started" test -n "$addr"
ok "5 ranges by row number" drive 0 o e --scheduler "$addr" --partitions 5 \
    --export jr --out-dir r --drop-excluded g.csv
ok "  says what it wrote" has e "^winnow-dask: g.csv: 5 cleaned parts in .*/r$"
cat r/part-0000[0-4].csv >cat-r.csv
ok "  five parts" test -s r/part-00004.csv -a ! -e r/part-00005.csv
ok "  together the whole file's export, byte for byte" cmp whole-r.csv \
    cat-r.csv
ok "4 ranges by id (no counting pass)" drive 0 o e --scheduler "$addr" \
    --partitions 4 --quiet --export ji --out-dir i --drop-excluded g.csv
cat i/part-0000[0-3].csv >cat-i.csv
ok "  together the whole file's export" cmp whole-i.csv cat-i.csv
ok "an existing part is kept (73)" drive 73 o e --scheduler "$addr" \
    --partitions 4 --quiet --export ji --out-dir i g.csv
ok "  --force replaces it" drive 0 o e --scheduler "$addr" --partitions 4 \
    --quiet --export ji --out-dir i --drop-excluded --force g.csv
cat i/part-0000[0-3].csv >cat-i.csv
ok "  the same" cmp whole-i.csv cat-i.csv

# a folder of parts, keyed by id
split_parts g.csv 2501
ok "a folder of two parts" drive 0 o e --scheduler "$addr" --quiet \
    --export ji --out-dir pf --drop-excluded parts
sed 1d pf/p1.csv | cat pf/p0.csv - >cat-p.csv
ok "  its parts cleaned under their names, together the whole" \
    cmp whole-i.csv cat-p.csv
ok "a folder with a journal by row number (64)" drive 64 o e \
    --scheduler "$addr" --quiet --export jr --out-dir pr parts
ok "  winnow's message" has e "names rows by number.*--id"
ok "--export without --out-dir (64)" drive 64 o e --quiet --export jr g.csv
ok "a missing journal (66)" drive 66 o e --quiet --export nosuch \
    --out-dir x g.csv
done_testing
