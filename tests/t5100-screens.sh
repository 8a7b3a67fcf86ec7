#!/bin/sh
# Golden screens: the workbench run headless on a key script, its last
# screen compared with the one on file.
#
#   tests/screens/NAME.args   the arguments after winnow (one line; the
#                             dataset path is relative to the source tree;
#                             @TMP@ is a fresh directory, for journals)
#   tests/screens/NAME.keys   the key script (see winnow(1), KEY SCRIPTS)
#   tests/screens/NAME.ref    the expected screen
#
# REGEN=1 rewrites every .ref from the current program instead of
# comparing (make regen-screens); review the diff before committing.
cd "$SRCDIR" || exit 1
tmp=$(mktemp "${TMPDIR:-/tmp}/winnow-screen.XXXXXX") || exit 1
trap 'rm -rf "$tmp" "$tmp.d"' EXIT INT TERM
set -- tests/screens/*.args
echo "1..$#"
n=0
for a in "$@"; do
	n=$((n + 1))
	name=${a%.args}
	base=${name##*/}
	mkdir "$tmp.d" || exit 1
	# shellcheck disable=SC2046
	$WINNOW $(sed "s|@TMP@|$tmp.d|g" "$a") --keys "$name.keys" >"$tmp" 2>&1
	rc=$?
	rm -rf "$tmp.d"
	if [ "${REGEN:-}" = 1 ]; then
		cp "$tmp" "$name.ref"
		echo "ok $n - $base (regenerated)"
		continue
	fi
	if [ $rc -ne 0 ]; then
		echo "not ok $n - $base (exit status $rc)"
		sed 's/^/# /' "$tmp"
	elif diff -u "$name.ref" "$tmp" >"$tmp.diff" 2>&1; then
		echo "ok $n - $base"
	else
		echo "not ok $n - $base"
		sed 's/^/# /' "$tmp.diff"
	fi
	rm -f "$tmp.diff"
done
