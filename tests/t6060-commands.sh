#!/bin/sh
# The command lines: a mistyped subcommand or : command is answered
# with the one it was probably meant to be (what is no typo of any gets
# no guess); :w expands ~ as a shell would.
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

# :w ~/FILE writes into $HOME, :w ~USER/FILE into USER's home
mkdir "$tmp/home"
printf ':w<Space>~/clean.csv<Enter>\n' >"$tmp/keys"
HOME=$tmp/home "$WINNOW" datasets/iris.csv --journal "$tmp/j" \
    --headless 80x24 --keys "$tmp/keys" >"$tmp/o" 2>&1
ok ":w ~/clean.csv: says where it wrote" contains "$tmp/o" \
    "wrote $tmp/home/clean.csv: 150 rows"
ok "... and wrote it there" cmp datasets/iris.csv "$tmp/home/clean.csv"
me=$(id -un)
mehome=$(getent passwd "$me" | cut -d: -f6)
# (into a folder that is not there: nothing is written outside $tmp)
printf ':w<Space>~%s/winnow-no-such-dir-%s/x<Enter>\n' "$me" "$$" \
    >"$tmp/keys"
"$WINNOW" datasets/iris.csv --journal "$tmp/j" --headless 200x24 \
    --keys "$tmp/keys" >"$tmp/o" 2>&1
if [ -n "$mehome" ]; then
	ok ":w ~$me/DIR/x: expands to the user's home" contains "$tmp/o" \
	    "$mehome/winnow-no-such-dir-$$/x: cannot create the output"
else
	skip ":w ~USER/DIR/x" "no home for $me in the password file"
fi
printf ':w<Space>~nosuchuser_w/x.csv<Enter>\n' >"$tmp/keys"
"$WINNOW" datasets/iris.csv --journal "$tmp/j" --headless 80x24 \
    --keys "$tmp/keys" >"$tmp/o" 2>&1
ok ":w ~nosuchuser_w/x.csv: an unknown user is said" contains "$tmp/o" \
    "cannot expand '~nosuchuser_w': no such user"
done_testing
