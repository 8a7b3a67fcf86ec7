#!/bin/sh
# t5100-screens - golden screens: the workbench run headless on a key
# script, its last screen compared with the one on file.
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
. tests/lib.sh

# last_screen NAME: the workbench's last screen for NAME.args and
# NAME.keys in $tmp/screen; false (saying why) when it does not end
# with status 0
last_screen() {
	rm -rf "$tmp/d"
	mkdir "$tmp/d" || return 1
	# shellcheck disable=SC2046
	$WINNOW $(sed "s|@TMP@|$tmp/d|g" "$1.args") --keys "$1.keys" \
	    >"$tmp/screen" 2>&1
	_rc=$?
	[ $_rc -eq 0 ] && return 0
	echo "exit status $_rc"
	cat "$tmp/screen"
	return 1
}

# same_screen NAME: the last screen is NAME.ref (else the difference)
same_screen() {
	last_screen "$1" && diff -u "$1.ref" "$tmp/screen"
}

# regen NAME: the last screen becomes NAME.ref
regen() {
	last_screen "$1" && cp "$tmp/screen" "$1.ref"
}

for a in tests/screens/*.args; do
	name=${a%.args}
	if [ "${REGEN:-}" = 1 ]; then
		ok "${name##*/} (regenerated)" regen "$name"
	else
		ok "${name##*/}" same_screen "$name"
	fi
done
done_testing
