#!/bin/sh
# The man page tells the truth: its KEYS section is what the key tables
# say (winnow --keys-man), every subcommand and option that --help lists
# is in it, and it formats without warnings.
cd "$SRCDIR" || exit 1
. tests/lib.sh
man=docs/winnow.1
"$WINNOW" --keys-man >"$tmp/keys"
sed -n '/^\.\\" BEGIN KEYS$/,/^\.\\" END KEYS$/p' "$man" | sed '1d;$d' \
    >"$tmp/man-keys"
# (an empty list on either side would compare equal: it is a failure)
check "the KEYS section is winnow --keys-man (make regen-man)" \
    "$(diff "$tmp/keys" "$tmp/man-keys"; [ -s "$tmp/keys" ] ||
    echo 'winnow --keys-man printed nothing')"
"$WINNOW" --help >"$tmp/help"
subs=$(sed -n 's/^ *\(usage:\)\{0,1\} *winnow \([a-z][a-z]*\) .*/\2/p' \
    "$tmp/help")
missing=
[ -n "$subs" ] || missing="(winnow --help names no subcommand)"
for c in $subs; do
	grep -q "^\.SS winnow $c" "$man" || missing="$missing $c"
done
check "every subcommand has its section" "$missing"
# the workbench's options and every subcommand's
for c in $subs; do
	"$WINNOW" "$c" --help >>"$tmp/help" 2>&1
done
opts=$(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u)
missing=
[ -n "$opts" ] || missing="(no --help lists an option)"
for o in $opts; do
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
	skip "groff formats it without warnings" "groff is not installed"
fi
done_testing
