#!/bin/sh
# The front end's parts use each other one way: no circle of includes
# among the files of tui/ and views/, and none of calls among the objects
# of tui/ (a module A uses B when A's object needs a symbol B's defines);
# and what only the review loop's views may see stays out of the
# interface every view sees (views/view.h).
cd "$SRCDIR" || exit 1
. tests/lib.sh
# check NAME PROBLEMS: there are none (else they show as diagnostics)
check() {
	[ -z "$2" ] || printf '%s\n' "$2" | sed 's/^/# /'
	ok "$1" test -z "$2"
}
# loops EDGES: what tsort says about a loop in "A B" pairs, or nothing
loops() {
	printf '%s\n' "$1" | tsort 2>&1 >/dev/null
}
# include edges "file-stem header-stem" among the sources of folder $1
includes() {
	find "$1" -name '*.[ch]' | sort | while read -r f; do
		m=$(basename "$f" | sed 's/\.[ch]$//')
		sed -n 's|^#include "'"$1"'/\(.*/\)*\([a-z_]*\)\.h".*|\2|p' \
		    "$f" |
		    while read -r h; do
			[ "$h" = "$m" ] || echo "$m $h"
		done
	done
}
check "tui/ files include each other without a circle" \
	"$(loops "$(includes tui)")"
check "views/ files include each other without a circle" \
	"$(loops "$(includes views)")"

# call edges among the objects of tui/
calls() {
	objs=$(find "$BUILD/tui" -name '*.o' | sort)
	for o in $objs; do
		m=$(basename "$o" .o)
		[ -n "$(find tui -name "$m.c")" ] || continue
		nm --defined-only "$o" | awk -v m="$m" \
		    '$2 ~ /^[TDBR]$/ { print "D", $3, m }'
		nm -u "$o" | awk -v m="$m" '{ print "U", $2, m }'
	done | awk '$1 == "D" { def[$2] = $3; next }
	    { use[NR] = $2 " " $3 }
	    END { for (i in use) { split(use[i], p, " ");
		if ((p[1] in def) && def[p[1]] != p[2])
			print p[2], def[p[1]] } }' | sort -u
}
if command -v nm >/dev/null 2>&1 && [ -d "$BUILD/tui" ]; then
	edges=$(calls)
	if [ -z "$edges" ]; then
		check "tui/ objects call each other" "no call found"
	else
		check "tui/ objects call each other without a circle" \
		    "$(loops "$edges")"
	fi
else
	n=$((n + 1))
	echo "ok $n # SKIP no nm or no objects"
fi

check "views/view.h carries nothing of the review loop" \
	"$(grep -nE 'struct (review|pico_result|picorun_opts)\b' views/view.h
	    grep -nE 'run_pico|new_label|review_row|pico_(gen|busy|opts)' \
	    views/view.h)"
done_testing
