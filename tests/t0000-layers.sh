#!/bin/sh
# Layers only point down: tui -> cli -> views -> core, and inside core
# util <- data <- {stats, pico} <- review.  core/ never sees curses or the
# layers above; views/ and cli/ never see curses or tui/; only
# tui/backend/term.c includes curses.
cd "$SRCDIR" || exit 1
. tests/lib.sh
# includes FOLDER PATTERN: the lines of FOLDER's sources that include PATTERN
includes() {
	find $1 -name '*.[ch]' | sort | xargs grep -nE "#include *\"($2)/" \
	    2>/dev/null
}
check "core/ includes nothing from views/, cli/ or tui/" \
	"$(includes core 'views|cli|tui')"
check "core/util includes nothing from the rest of core" \
	"$(includes core/util 'core/(data|stats|pico|review)')"
check "core/data includes only core/util and itself" \
	"$(includes core/data 'core/(stats|pico|review)')"
check "core/stats and core/pico do not include each other or core/review" \
	"$(includes core/stats 'core/(pico|review)'; includes core/pico 'core/(stats|review)')"
check "views/ include nothing from cli/ or tui/" \
	"$(includes views 'cli|tui')"
check "cli/ includes nothing from tui/ or views/" \
	"$(includes cli 'tui|views')"
check "curses appears only in tui/backend/term.c" \
	"$(find core views cli tui -name '*.[ch]' | sort | xargs grep -nE '#include *[<"](n?curses|ncursesw/)' 2>/dev/null | grep -v '^tui/backend/term.c:')"
check "core/ never exits or prints to the terminal" \
	"$(find core -name '*.c' | sort | xargs grep -nE '\b(printf|puts|exit|fprintf *\( *std(out|err))\b *\(' 2>/dev/null | grep -vE '^core/util/(xalloc|err)\.c:' | grep -v 'snprintf')"
check "every source file sits in a folder of at most 15 sources" \
	"$(for d in $(find core views cli tui -type d); do c=$(ls $d/*.c 2>/dev/null | wc -l); [ "$c" -le 15 ] || echo "$d: $c"; done)"
# docs/HACKING.md has a line for every module: a .c file, or a header
# with no .c of its own (private *internal.h headers aside)
check "docs/HACKING.md names every module" \
	"$(find core views cli tui -name '*.[ch]' | sort | while read -r f; do
		b=$(basename "$f"); m=${b%.?}
		case $b in *internal.h) continue ;; esac
		[ "${b##*.}" = h ] && [ -f "${f%.h}.c" ] && continue
		grep -qw -- "$m" docs/HACKING.md || echo "$f"
	done)"
# a folder renamed away would leave the checks above nothing to search
check "the folders named above exist" \
	"$(for d in core/util core/data core/stats core/pico core/review views \
	    cli tui; do [ -d "$d" ] || echo "no folder $d"; done)"
done_testing
