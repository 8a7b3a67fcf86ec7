#!/bin/sh
# run-test.sh TEST - run one test for prove(1).
#
# C tests are listed by their source (tests/tNNNN-name.c) and run from the
# build directory; shell tests run with sh.  The environment tells every
# test where things are: SRCDIR (the source tree), BUILD (the build
# directory), WINNOW (the program under test).
t=$1
: "${SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BUILD:=$SRCDIR/build}"
: "${WINNOW:=$BUILD/winnow}"
export SRCDIR BUILD WINNOW
LC_ALL=C.UTF-8
export LC_ALL
case $t in
*.c)	name=$(basename "$t" .c)
	exec "$BUILD/tests/$name" ;;
*.sh)	exec sh "$t" ;;
*)	echo "Bail out! unknown test type: $t"; exit 1 ;;
esac
