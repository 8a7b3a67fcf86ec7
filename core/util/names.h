/*
 * names.h - a name looked up in a table of names: the parsers of the
 * command line, the option form and the file formats all map a word to
 * the index of an enum this one way.
 */
#ifndef WINNOW_NAMES_H
#define WINNOW_NAMES_H

#include <stddef.h>
#include <string.h>

/* The index of name among the first n of names (a NULL entry ends them
 * sooner), or -1 when it is not one of them. */
static inline int
names_index(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n && names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

#endif
