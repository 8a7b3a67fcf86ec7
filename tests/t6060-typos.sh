#!/bin/sh
# A mistyped subcommand or : command is answered with the one it was
# probably meant to be; what is no typo of any gets no guess.
cd "$SRCDIR" || exit 1
. tests/lib.sh

ok "winnow stast FILE: a usage error" \
    status 64 "$tmp/o" "$tmp/e" stast datasets/iris.csv
ok "... that suggests winnow stats" contains "$tmp/e" \
    "winnow: no file or command 'stast': did you mean 'winnow stats'?"
ok "winnow exprot: suggests winnow export" \
    status 64 "$tmp/o" "$tmp/e" exprot --out x.csv
ok "... by name" contains "$tmp/e" "did you mean 'winnow export'?"
ok "winnow picoo: suggests winnow pico" \
    status 64 "$tmp/o" "$tmp/e" picoo
ok "... by name" contains "$tmp/e" "did you mean 'winnow pico'?"
ok "a missing file like no command: unreadable, no guess" \
    status 66 "$tmp/o" "$tmp/e" nosuchfile.csv
ok "... and says why" contains "$tmp/e" "nosuchfile.csv"
ok "... without a guess" hasnt "$tmp/e" "did you mean"
# a file that exists is opened even when its name is near a command
cp datasets/iris.csv "$tmp/stat"
printf 'q\n' >"$tmp/keys"
ok "an existing file named 'stat' opens" \
    status 0 "$tmp/o" "$tmp/e" "$tmp/stat" --headless 80x24 \
    --keys "$tmp/keys"
ok "... in the workbench" contains "$tmp/o" "winnow stat"

# the : commands, run headless
colon() {
	printf ':%s<Enter>\n' "$1" | sed 's/ /<Space>/g' >"$tmp/keys"
	"$WINNOW" datasets/iris.csv --headless 80x24 --keys "$tmp/keys" \
	    >"$tmp/o" 2>&1
}
colon "lable label"
ok ":lable suggests :label" contains "$tmp/o" \
    "unknown command 'lable': did you mean :label?"
colon "fliter clear"
ok ":fliter suggests :filter" contains "$tmp/o" "did you mean :filter?"
colon "ordre suspicion"
ok ":ordre suggests :order" contains "$tmp/o" "did you mean :order?"
colon "xyzzy"
ok ":xyzzy is no typo of any command" contains "$tmp/o" \
    "unknown command 'xyzzy' (? lists the commands)"
colon "z"
ok "one letter gets no guess" contains "$tmp/o" \
    "unknown command 'z' (? lists the commands)"
done_testing
