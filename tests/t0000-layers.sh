#!/bin/sh
# Layers only point down: tui -> views -> core.  core/ never sees curses
# or the layers above; views/ never see curses or tui/; only tui/term.c
# includes curses.
cd "$SRCDIR" || exit 1
echo "1..4"
n=1
check() {
	if [ -z "$2" ]; then echo "ok $n - $1"; else
		echo "not ok $n - $1"; echo "$2" | sed 's/^/# /'; fi
	n=$((n + 1))
}
check "core/ includes nothing from views/ or tui/" \
	"$(grep -nE '#include *"(views|tui)/' core/*.[ch] 2>/dev/null)"
check "views/ include nothing from tui/" \
	"$(grep -nE '#include *"tui/' views/*.[ch] 2>/dev/null)"
check "curses appears only in tui/term.c" \
	"$(grep -nE '#include *[<"](n?curses|ncursesw/)' core/*.[ch] views/*.[ch] tui/*.[ch] 2>/dev/null | grep -v '^tui/term.c:')"
check "core/ never exits or prints to the terminal" \
	"$(grep -nE '\b(printf|puts|exit|fprintf *\( *std(out|err))\b *\(' core/*.c 2>/dev/null | grep -vE '^core/(xalloc|err)\.c:' | grep -v 'snprintf')"
