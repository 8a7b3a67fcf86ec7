#!/bin/sh
# README's first command needs no sudo, and configure run through sudo
# leaves nothing owned by root in the tree (the next make as the user
# must be able to write build/ and config.mk).
cd "$SRCDIR" || exit 1
. tests/lib.sh

ok "README's first command runs configure without sudo" \
    has README.md '^    \./configure --install-deps && make -j2 && \./winnow '
ok "... and says nothing of sudo ./configure there" \
    hasnt README.md '^ *sudo \./configure'
sh ./configure --help >"$tmp/help"
ok "configure --help: --install-deps goes through sudo when not root" \
    contains "$tmp/help" "else through sudo"

mkdir "$tmp/src"
cp configure "$tmp/src/"
if [ "$(id -u)" != 0 ]; then
	skip "configure under sudo gives its files back" "not run as root"
	done_testing
fi
# configure as sudo runs it: root, with the caller in SUDO_UID
(cd "$tmp/src" && SUDO_UID=65534 SUDO_GID=65534 SUDO_USER=nobody \
    sh ./configure >"$tmp/out" 2>&1)
ok "configure under sudo writes config.mk" test -f "$tmp/src/config.mk"
for f in config.mk build build/config.log; do
	ok "... $f belongs to the user who ran sudo" \
	    test "$(stat -c %u:%g "$tmp/src/$f")" = 65534:65534
done
rm -rf "$tmp/src/build" "$tmp/src/config.mk"
# plain root (no sudo): nothing to give back
(cd "$tmp/src" && env -u SUDO_UID -u SUDO_GID sh ./configure \
    >"$tmp/out" 2>&1)
ok "configure as root without sudo: config.mk is root's" \
    test "$(stat -c %u "$tmp/src/config.mk")" = 0
done_testing
