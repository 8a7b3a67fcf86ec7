#!/bin/sh
# The man page tells the truth: its KEYS section is what the key tables
# say (winnow --keys-man), every subcommand and option that --help lists
# is in it, and it formats without warnings.
cd "$SRCDIR" || exit 1
man=docs/winnow.1
tmp=$(mktemp "${TMPDIR:-/tmp}/winnow-man.XXXXXX") || exit 1
trap 'rm -f "$tmp" "$tmp.keys" "$tmp.help"' EXIT
echo "1..5"
n=0
check() {
	n=$((n + 1))
	if [ -z "$2" ]; then echo "ok $n - $1"; else
		echo "not ok $n - $1"; printf '%s\n' "$2" | sed 's/^/# /'; fi
}
"$WINNOW" --keys-man >"$tmp.keys"
sed -n '/^\.\\" BEGIN KEYS$/,/^\.\\" END KEYS$/p' "$man" | sed '1d;$d' \
    >"$tmp"
check "the KEYS section is winnow --keys-man (make regen-man)" \
    "$(diff "$tmp.keys" "$tmp")"
"$WINNOW" --help >"$tmp.help"
missing=
for c in $(sed -n 's/^ *\(usage:\)\{0,1\} *winnow \([a-z][a-z]*\) .*/\2/p' \
    "$tmp.help"); do
	grep -q "^\.SS winnow $c" "$man" || missing="$missing $c"
done
check "every subcommand has its section" "$missing"
missing=
# the workbench's options and every subcommand's
for c in $(sed -n 's/^ *\(usage:\)\{0,1\} *winnow \([a-z][a-z]*\) .*/\2/p' \
    "$tmp.help"); do
	"$WINNOW" "$c" --help >>"$tmp.help" 2>&1
done
for o in $(grep -o -- '--[a-z][a-z-]*' "$tmp.help" | sort -u); do
	r=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
	grep -q -- "$r" "$man" || missing="$missing $o"
done
check "every option of every --help is in the man page" "$missing"
check "the key tables have a key section per context" \
    "$(for s in Everywhere Table Record Overview Histogram Crosstab Labels \
    Help 'Prompt line' Commands; do grep -q "^\.SS $s\$" "$man" ||
    echo "no .SS $s"; done)"
if command -v groff >/dev/null 2>&1; then
	check "groff formats it without warnings" \
	    "$(groff -man -Tutf8 -ww -z "$man" 2>&1)"
else
	echo "ok $((n + 1)) # SKIP groff is not installed"
fi
