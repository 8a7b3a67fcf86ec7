#!/bin/sh
# The help fits 80 columns: on every view, every page of it, no entry is
# cut (no ellipsis inside its box); the entries wrap instead.
cd "$SRCDIR" || exit 1
. tests/lib.sh

# pages VIEWKEYS: every page of the help opened after VIEWKEYS, in
# $tmp/pages, as the box's rows
pages() {
	: >"$tmp/pages"
	_p=0
	_last=
	while [ $_p -lt 12 ]; do
		_k="$1 ?"
		_i=0
		while [ $_i -lt $_p ]; do
			_k="$_k <PgDn>"
			_i=$((_i + 1))
		done
		printf '%s\n' "$_k" >"$tmp/keys"
		rm -rf "$tmp/j"
		"$WINNOW" tests/data/iris-noisy.csv --threads 1 \
		    --journal "$tmp/j/journal" --headless 80x24 \
		    --keys "$tmp/keys" >"$tmp/screen" 2>&1 || return 1
		grep '^[│┌└]' "$tmp/screen" >"$tmp/box"
		# the last page repeats: done
		[ "$(cat "$tmp/box")" = "$_last" ] && return 0
		_last=$(cat "$tmp/box")
		cat "$tmp/box" >>"$tmp/pages"
		_p=$((_p + 1))
	done
}

for v in 1 2 3 4 5 "p" "p r" "p c"; do
	pages "$v"
	ok "help after '$v': pages shown" has "$tmp/pages" "Help: ? or q closes"
	check "help after '$v': no entry cut at 80 columns" \
	    "$(grep '…' "$tmp/pages")"
	check "help after '$v': no line wider than 80 columns" \
	    "$(perl -CSD -ne 'chomp; print "$_\n" if length > 80' "$tmp/pages")"
done
done_testing
