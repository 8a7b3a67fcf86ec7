/*
 * main.c - the command line: `winnow SUBCOMMAND ...` runs a headless
 * subcommand; `winnow FILE ...` opens the workbench.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/util/err.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "tui/cmdline/command.h"
#include "tui/keymap.h"
#include "tui/cmdline/suggest.h"
#include "tui/workbench.h"

#define WINNOW_VERSION "0.1"

const struct cmd cmds[] = {
	{ "stats", cmd_stats, "FILE [options]",
	    "summarise every column (--label, --json)" },
	{ "pico", cmd_pico, "FILE --label COL [options]",
	    "find the rows whose label is probably wrong" },
	{ "score", cmd_score, "--model DIR PART --out F [options]",
	    "score a part of a big file with a saved PICO model" },
	{ "export", cmd_export, "FILE --out F [--journal J]",
	    "write the cleaned copy from the journal" },
	{ "merge", cmd_merge, "J1 J2 [options]",
	    "compare and merge two reviewers' journals" },
	{ NULL, NULL, NULL, NULL }
};

static void
usage(FILE *f)
{
	const struct cmd *c;

	fprintf(f, "usage: winnow %-33s %s\n", "FILE [options]",
	    "open the workbench");
	for (c = cmds; c->name; c++)
		fprintf(f, "       winnow %-6s %-26s %s\n", c->name, c->args,
		    c->summary);
	fputs("       winnow --version | --help | --keys-man\n\n", f);
	workbench_usage(f);
	fputs("\nIn the workbench, ? lists every key and command.\n"
	    "See winnow(1) for every option and key.\n", f);
}

/* The subcommand whose name word is a typo of, or NULL. */
static const char *
near_cmd(const char *word)
{
	const char *names[8];
	size_t n = 0;
	const struct cmd *c;

	for (c = cmds; c->name && n < sizeof names / sizeof *names; c++)
		names[n++] = c->name;
	return suggest_word(word, names, n);
}

int
main(int argc, char **argv)
{
	const struct cmd *c;
	const char *hint;

	cli_init();
	if (argc < 2) {
		usage(stderr);
		return ERR_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("winnow %s\n", WINNOW_VERSION);
		return 0;
	}
	if (cli_is_help(argv[1])) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--keys-man") == 0) {
		keymap_man(stdout);
		command_man(stdout);
		return 0;
	}
	for (c = cmds; c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->run(argc - 1, argv + 1);
	if (argv[1][0] == '-' && argv[1][1] != '\0') {
		cli_usage_error("unknown option '%s'", argv[1]);
		usage(stderr);
		return ERR_USAGE;
	}
	if (access(argv[1], F_OK) != 0 && (hint = near_cmd(argv[1])))
		return cli_usage_error("no file or command '%s': did you mean "
		    "'winnow %s'?", argv[1], hint);
	return workbench_main(argc - 1, argv + 1);
}
