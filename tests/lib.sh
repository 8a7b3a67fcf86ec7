# lib.sh - helpers for the shell tests (sourced, not run): TAP output,
# running winnow with an expected status, grepping, JSON through perl's
# core JSON::PP.  A test sources it after `cd "$SRCDIR"`; it makes $tmp
# (removed on exit) and ends with `done_testing`.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/winnow-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

# ok NAME COMMAND...: the command's status is the verdict
ok() {
	name=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		failed=1
	fi
}
has() { grep -q -e "$2" "$1"; }
hasnt() { ! grep -q -e "$2" "$1"; }
# status WANT OUT ERR ARGS...: run winnow, check its exit status
status() {
	want=$1 out=$2 err=$3
	shift 3
	"$WINNOW" "$@" >"$out" 2>"$err"
	test $? -eq "$want"
}
# json FILE PERL-EXPR: true when the expression holds for $j, the
# decoded document
json() {
	perl -MJSON::PP -e '
		local $/; open my $f, "<", $ARGV[0] or exit 2;
		my $j = JSON::PP->new->decode(<$f>);
		exit(eval($ARGV[1]) ? 0 : 1);' "$1" "$2"
}
done_testing() {
	echo "1..$n"
	exit $failed
}
