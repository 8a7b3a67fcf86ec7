#!/bin/sh
# The output rule end to end (docs/outputs.md): no command and no :w
# ever writes over the dataset, a journal or another of its outputs;
# --force only replaces unrelated files; a size limit is exit status 74
# with nothing left behind; a FIFO without a reader is an error, not a
# hang; stale temporary files are swept; --journal through a dangling
# link and a merge of a journal with itself are refused.
cd "$SRCDIR" || exit 1
. tests/lib.sh

JT=$BUILD/tests/jtool
d=$tmp/d.csv
J=$d.winnow/journal
cp datasets/iris.csv "$d"
"$JT" create "$d" "$J" label id
"$JT" add "$J" ann relabel 1 versicolor setosa
cp "$J" "$tmp/J.orig"
same_data() { cmp -s "$d" datasets/iris.csv; }
same_journal() { cmp -s "$J" "$tmp/J.orig"; }
# wb KEYS [OPTIONS]: the workbench headless on $d with a key script, at
# most 20 s (a hang is a failure, not a stuck suite)
wb() {
	printf '%s\n' "$1" >"$tmp/keys"
	shift
	timeout 20 "$WINNOW" "$d" --threads 1 --headless 80x24 --id id \
	    --label label --keys "$tmp/keys" "$@" >"$tmp/out" 2>"$tmp/err"
}

# ---- 1: --report is checked like --out, before anything is written
ok "export --report DATA: 73" status 73 "$tmp/o" "$tmp/e" export "$d" \
    --out "$tmp/c.csv" --report "$d"
ok "  the dataset is intact" same_data
ok "  the message names it as the dataset" has "$tmp/e" \
    "$d: is the input file (the dataset)"
ok "  and --out was not written either" test ! -e "$tmp/c.csv"
ok "export --report JOURNAL: 73" status 73 "$tmp/o" "$tmp/e" export "$d" \
    --out "$tmp/c.csv" --report "$J" --force
ok "  the journal is intact" same_journal
ok "export --report the --out file: 73" status 73 "$tmp/o" "$tmp/e" \
    export "$d" --out "$tmp/c.csv" --report "$tmp/./c.csv"
ok "  naming both" has "$tmp/e" \
    "$tmp/c.csv: is also the --report file $tmp/./c.csv"
ok "export with a report of its own name: 0" status 0 "$tmp/o" "$tmp/e" \
    export "$d" --out "$tmp/c.csv" --report "$tmp/r.md"
ok "  an existing report is kept without --force" status 73 "$tmp/o" \
    "$tmp/e" export "$d" --out "$tmp/c2.csv" --report "$tmp/r.md"
ok "  (and the --out of that run is not written)" test ! -e "$tmp/c2.csv"

# ---- 2: pico --out
ok "pico --out DATA: 73" status 73 "$tmp/o" "$tmp/e" pico "$d" \
    --label label --out "$d" --quiet
ok "  the dataset is intact" same_data
printf 'mine\n' >"$tmp/p.csv"
ok "pico --out over an existing file: 73" status 73 "$tmp/o" "$tmp/e" \
    pico "$d" --label label --out "$tmp/p.csv" --quiet
ok "  pointing at --force" has "$tmp/e" "use --force"
ok "  --force replaces it" status 0 "$tmp/o" "$tmp/e" pico "$d" \
    --label label --out "$tmp/p.csv" --quiet --force
ok "  with the flags CSV" has "$tmp/p.csv" "^id,given,suggested"

# ---- 3: a journal held by a running winnow is never replaced
cp "$J" "$tmp/A.j"
"$JT" create "$d" "$tmp/B.j" label id
"$JT" add "$tmp/B.j" bob relabel 2 virginica setosa
mkfifo "$tmp/hold"
"$JT" hold "$J" <"$tmp/hold" >"$tmp/held" &
exec 9>"$tmp/hold"
for i in 1 2 3 4 5 6 7 8 9 10; do
	grep -q held "$tmp/held" && break
	sleep 0.2
done
ok "merge --out JOURNAL --force while it is held: 73" status 73 \
    "$tmp/o" "$tmp/e" merge "$tmp/A.j" "$tmp/B.j" --out "$J" --force
ok "  the lock is named" has "$tmp/e" "is locked by process"
ok "export --out JOURNAL --force while it is held: 73" status 73 \
    "$tmp/o" "$tmp/e" export "$d" --out "$J" --force --journal "$tmp/A.j"
exec 9>&-
wait
ok "  the journal is intact" same_journal
ok "export --out a journal not in use: 73 all the same" status 73 \
    "$tmp/o" "$tmp/e" export "$d" --out "$tmp/B.j" --force
ok "  (it is one by its header)" has "$tmp/e" "is a winnow journal"
ok ":w! JOURNAL in the workbench" wb ":w!<Space>$J<Enter>"
ok "  is refused in the status line" has "$tmp/out" "journal: is the input file"
ok "  the journal is intact" same_journal
ok "merge --out DATA.winnow/journal where none is: 0" status 0 "$tmp/o" \
    "$tmp/e" merge "$tmp/A.j" "$tmp/B.j" --out "$tmp/new.csv.winnow/journal"
ok "export --out DATA.winnow/journal where none is: 73" status 73 \
    "$tmp/o" "$tmp/e" export "$d" --out "$tmp/x.csv.winnow/journal"

# ---- 7: a file size limit is an I/O error, with nothing left behind
# limited SH-COMMAND: run it with a file size limit of 4 blocks
limited() { sh -c "ulimit -f 4; $1"; }
ok "export under a file size limit: 74" limited "'$WINNOW' export '$d' \
    --out '$tmp/big.csv' >'$tmp/o' 2>'$tmp/e'; test \$? = 74"
ok "  saying why" has "$tmp/e" "big.csv: cannot write: File too large"
ok "  no output, no temporary file" test -z "$(ls -a "$tmp" | grep \
    -e '^big.csv' -e '\.big\.csv\.tmp-')"
ok "pico --out under a file size limit: 74" limited "'$WINNOW' pico '$d' \
    --label label --out '$tmp/pbig.csv' --quiet >'$tmp/o' 2>'$tmp/e'; \
    test \$? = 74"
ok "  no output, no temporary file" test -z "$(ls -a "$tmp" | grep pbig)"
printf ':w<Space>%s<Enter>\n' "$tmp/wbig.csv" >"$tmp/keys"
ok ":w under a file size limit: the workbench lives on" limited "timeout \
    20 '$WINNOW' '$d' --threads 1 --headless 80x24 --id id --label label \
    --keys '$tmp/keys' >'$tmp/out' 2>'$tmp/err'"
ok "  says so in the status line" has "$tmp/out" "File too large"
ok "  no output, no temporary file" test -z "$(ls -a "$tmp" | grep wbig)"
# what SIGKILL leaves: a temporary file of a process that has ended
sh -c 'exit 0' & gone=$!
wait
: >"$tmp/.c9.csv.tmp-$gone-0"
: >"$tmp/.c9.csv.tmp-$$-1"
ok "export beside stale temporary files: 0" status 0 "$tmp/o" "$tmp/e" \
    export "$d" --out "$tmp/c9.csv"
ok "  the one of an ended process is removed" test ! -e \
    "$tmp/.c9.csv.tmp-$gone-0"
ok "  and said so" has "$tmp/e" "tmp-$gone-0: removed"
ok "  the one of a running process is named and left" has "$tmp/e" \
    "tmp-$$-1: a temporary file of process $$, which is still running"

# ---- 8: a FIFO without a reader
mkfifo "$tmp/ff"
timeout 20 "$WINNOW" export "$d" --out "$tmp/ff" >"$tmp/o" 2>"$tmp/e"
ok "export --out FIFO without a reader: 73, not a hang" test $? = 73
ok "  no reader, it says" has "$tmp/e" "no reader on the FIFO"
ok ":w FIFO without a reader" wb ":w<Space>$tmp/ff<Enter>"
ok "  is a message, not a freeze" has "$tmp/out" "no reader on the FIFO"

# ---- 10: --journal through a dangling link; a journal with itself
ln -s "$tmp/nowhere.j" "$tmp/dangling.j"
ok "--journal through a dangling link: 73" status 73 "$tmp/o" "$tmp/e" \
    "$d" --journal "$tmp/dangling.j" --headless 80x24 --keys /dev/null
ok "  naming the link and its target" has "$tmp/e" \
    "dangling.j: is a link to $tmp/nowhere.j, which does not exist"
ok "  which is not created" test ! -e "$tmp/nowhere.j"
ok "merge J J: 64" status 64 "$tmp/o" "$tmp/e" merge "$J" "$J"
ok "  the same journal, it says" has "$tmp/e" "are the same journal"
ok "merge J and a copy of J: 64" status 64 "$tmp/o" "$tmp/e" merge "$J" \
    "$tmp/A.j"
ok "  copies, it says" has "$tmp/e" "copies of one journal"
done_testing
