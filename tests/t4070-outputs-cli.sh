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
# timed WANT OUT ERR ARGS...: status, with winnow killed after 20 s
# (exit 124): a hang is a failure, not a stuck suite
winnow=$WINNOW
winnow_20s() { timeout 20 "$winnow" "$@"; }
timed() { (WINNOW=winnow_20s; status "$@"); }
# wb KEYS [OPTIONS]: the workbench headless on $d with a key script
# exits 0 (screen in $tmp/out) within 20 s
wb() {
	printf '%s\n' "$1" >"$tmp/keys"
	shift
	timed 0 "$tmp/out" "$tmp/err" "$d" --threads 1 --headless 80x24 \
	    --id id --label label --keys "$tmp/keys" "$@"
}
# limited CMD...: CMD under a file size limit of 4 blocks
limited() { (ulimit -f 4 && "$@"); }
# polled FILE TEXT: FILE holds TEXT within 10 s
polled() {
	_end=$(($(date +%s) + 10))
	until grep -qF -e "$2" "$1"; do
		if [ "$(date +%s)" -ge "$_end" ]; then
			echo "no '$2' in $1 after 10 s"
			return 1
		fi
		sleep 0.05
	done
}

# ---- 1: --report is checked like --out, before anything is written
# "-" is standard output where a command can write there (pico --out -);
# the export writes a new file and renames it, so "-" is refused rather
# than made a file of that name in the working folder
ok "export --out -: 73" sh -c 'cd "$1" && "$2" export d.csv --out - \
    --id id --label label >o 2>e; test $? -eq 73' sh "$tmp" "$WINNOW"
ok "  and says why" contains "$tmp/e" "not to standard output"
ok "  no file named -" test ! -e "$tmp/-"
"$JT" create "$d" "$tmp/J2" label id
"$JT" add "$tmp/J2" bob relabel 2 setosa versicolor
ok "merge --out -: 73, no file named -" sh -c 'cd "$1" && "$2" merge \
    "$3" J2 --out - >o 2>e; test $? -eq 73 && test ! -e ./-' sh "$tmp" \
    "$WINNOW" "$J"
rm -f "$tmp/J2"
ok "export --report DATA: 73" status 73 "$tmp/o" "$tmp/e" export "$d" \
    --out "$tmp/c.csv" --report "$d"
ok "  the dataset is intact" same_data
ok "  the message names it as the dataset" contains "$tmp/e" \
    "$d: is the input file (the dataset)"
ok "  and --out was not written either" test ! -e "$tmp/c.csv"
ok "export --report JOURNAL: 73" status 73 "$tmp/o" "$tmp/e" export "$d" \
    --out "$tmp/c.csv" --report "$J" --force
ok "  the journal is intact" same_journal
ok "export --report the --out file: 73" status 73 "$tmp/o" "$tmp/e" \
    export "$d" --out "$tmp/c.csv" --report "$tmp/./c.csv"
ok "  naming both" contains "$tmp/e" \
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
ok "  pointing at --force" contains "$tmp/e" "use --force"
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
ok "a journal held, as a running winnow holds it" polled "$tmp/held" held
ok "merge --out JOURNAL --force while it is held: 73" status 73 \
    "$tmp/o" "$tmp/e" merge "$tmp/A.j" "$tmp/B.j" --out "$J" --force
ok "  the lock is named" contains "$tmp/e" "is locked by process"
ok "export --out JOURNAL --force while it is held: 73" status 73 \
    "$tmp/o" "$tmp/e" export "$d" --out "$J" --force --journal "$tmp/A.j"
exec 9>&-
wait
ok "  the journal is intact" same_journal
ok "export --out a journal not in use: 73 all the same" status 73 \
    "$tmp/o" "$tmp/e" export "$d" --out "$tmp/B.j" --force
ok "  (it is one by its header)" contains "$tmp/e" "is a winnow journal"
ok ":w! JOURNAL in the workbench" wb ":w!<Space>$J<Enter>"
ok "  is refused in the status line" contains "$tmp/out" \
    "journal: is the input file"
ok "  the journal is intact" same_journal
ok "merge --out DATA.winnow/journal where none is: 0" status 0 "$tmp/o" \
    "$tmp/e" merge "$tmp/A.j" "$tmp/B.j" --out "$tmp/new.csv.winnow/journal"
ok "export --out DATA.winnow/journal where none is: 73" status 73 \
    "$tmp/o" "$tmp/e" export "$d" --out "$tmp/x.csv.winnow/journal"

# ---- 7: a file size limit is an I/O error, with nothing left behind
ok "export under a file size limit: 74" limited status 74 "$tmp/o" \
    "$tmp/e" export "$d" --out "$tmp/big.csv"
ok "  saying why" contains "$tmp/e" "big.csv: cannot write: File too large"
check "  no output, no temporary file" "$(ls -a "$tmp" | grep \
    -e '^big\.csv' -e '\.big\.csv\.tmp-')"
ok "pico --out under a file size limit: 74" limited status 74 "$tmp/o" \
    "$tmp/e" pico "$d" --label label --out "$tmp/pbig.csv" --quiet
check "  no output, no temporary file" "$(ls -a "$tmp" | grep pbig)"
ok ":w under a file size limit: the workbench lives on" limited wb \
    ":w<Space>$tmp/wbig.csv<Enter>"
ok "  says so in the status line" contains "$tmp/out" "File too large"
check "  no output, no temporary file" "$(ls -a "$tmp" | grep wbig)"
# what SIGKILL leaves: a temporary file of a process that has ended
sh -c 'exit 0' & gone=$!
wait
: >"$tmp/.c9.csv.tmp-$gone-0"
: >"$tmp/.c9.csv.tmp-$$-1"
ok "export beside stale temporary files: 0" status 0 "$tmp/o" "$tmp/e" \
    export "$d" --out "$tmp/c9.csv"
ok "  the one of an ended process is removed" test ! -e \
    "$tmp/.c9.csv.tmp-$gone-0"
ok "  and said so" contains "$tmp/e" "tmp-$gone-0: removed"
ok "  the one of a running process is named and left" contains "$tmp/e" \
    "tmp-$$-1: a temporary file of process $$, which is still running"

# ---- 8: a FIFO without a reader
mkfifo "$tmp/ff"
ok "export --out FIFO without a reader: 73, not a hang" timed 73 "$tmp/o" \
    "$tmp/e" export "$d" --out "$tmp/ff"
ok "  no reader, it says" contains "$tmp/e" "no reader on the FIFO"
ok ":w FIFO without a reader" wb ":w<Space>$tmp/ff<Enter>"
ok "  is a message, not a freeze" contains "$tmp/out" "no reader on the FIFO"

# ---- 10: --journal through a dangling link; a journal with itself
ln -s "$tmp/nowhere.j" "$tmp/dangling.j"
ok "--journal through a dangling link: 73" status 73 "$tmp/o" "$tmp/e" \
    "$d" --journal "$tmp/dangling.j" --headless 80x24 --keys /dev/null
ok "  naming the link and its target" contains "$tmp/e" \
    "dangling.j: is a link to $tmp/nowhere.j, which does not exist"
ok "  which is not created" test ! -e "$tmp/nowhere.j"
ok "merge J J: 64" status 64 "$tmp/o" "$tmp/e" merge "$J" "$J"
ok "  the same journal, it says" contains "$tmp/e" "are the same journal"
ok "merge J and a copy of J: 64" status 64 "$tmp/o" "$tmp/e" merge "$J" \
    "$tmp/A.j"
ok "  copies, it says" contains "$tmp/e" "copies of one journal"
done_testing
