# tests/parts.sh - what the tests of cleaned parts share (t4075, t3340),
# sourced after tests/lib.sh: a generated file whose records hold quoted
# line ends, so that byte ranges start inside records, and journals of
# decisions on it written by tests/jtool.

# gen N: N records (id, x, label c0-c2, text); every third text holds a
# quoted line end, a comma and doubled quotes
gen() {
	awk -v n="$1" 'BEGIN { print "id,x,label,text"
	for (i = 1; i <= n; i++) {
		t = i % 3 == 0 ? "\"two\nlines, \"\"" i "\"\"\"" : "plain " i
		printf "%d,%d,c%d,%s\n", i, i * 3 % 11, i % 3, t
	} }'
}

jt() {
	"$BUILD/tests/jtool" "$@"
}

# decide J IDCOL RELABEL QUOTED DROP ACCEPT UNDONE: journal J of g.csv
# (rows named by IDCOL, or by number when it is ""): the rows RELABEL
# relabelled c9, QUOTED to a label that needs quotes, DROP dropped,
# ACCEPT accepted, UNDONE relabelled and undone
decide() {
	jt create g.csv "$1" label $2 &&
	    jt bulk "$1" ann relabel c9 - $3 &&
	    jt bulk "$1" ann relabel "c,\"1\"" - $4 &&
	    jt bulk "$1" ann drop - - $5 &&
	    jt add "$1" ann accept $6 c0 &&
	    jt add "$1" ann relabel $7 c2 && jt undo "$1"
}
