/*
 * main.c - the command line: subcommand dispatch.
 */
#include <stdio.h>
#include <string.h>

#include "core/err.h"

#define WINNOW_VERSION "0.1"

static void
usage(FILE *f)
{
	fputs("usage: winnow FILE [options]      open the workbench\n"
	    "       winnow stats FILE [options] column statistics\n"
	    "       winnow --version | --help\n", f);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return ERR_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("winnow %s\n", WINNOW_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return ERR_USAGE;
}
