/*
 * cmds.h - the subcommands, one file each (tui/cmd_NAME.c).  Each takes
 * the arguments after its name (argv[0] is the subcommand) and returns
 * the process exit status.
 */
#ifndef WINNOW_CMDS_H
#define WINNOW_CMDS_H

struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/* The table lives in main.c. */
extern const struct cmd cmds[];

int cmd_export(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#endif
