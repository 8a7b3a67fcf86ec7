/*
 * viewstate.c - the remembered view of a review session, as text.
 */
#include "core/review/viewstate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "core/util/outfile.h"
#include "core/util/xalloc.h"

#define VIEWSTATE_HEAD "winnow-view 1"

static const char *const order_name[] = { "uncertainty", "suspicion" };

void
viewstate_init(struct viewstate *s)
{
	memset(s, 0, sizeof *s);
	s->order = -1;
}

void
viewstate_release(struct viewstate *s)
{
	if (!s)
		return;
	free(s->row);
	free(s->col);
	viewstate_init(s);
}

char *
viewstate_path_for(const char *journal_path)
{
	return xasprintf("%s.view", journal_path);
}

/* One "name value" line, when there is a value that fits on a line. */
static void
line(FILE *f, const char *name, const char *value)
{
	if (value && *value && !strchr(value, '\n') && !strchr(value, '\r'))
		fprintf(f, "%s %s\n", name, value);
}

int
viewstate_write(const char *path, const struct viewstate *s, struct err *e)
{
	/* replaced at every quit, but never a journal, an input or a
	 * file of the user's that has a view file's name */
	static const struct outfile_rule rule = { NULL, 0, 1, 0,
	    "winnow-view" };
	struct outfile of;
	FILE *f;

	if (outfile_open(&of, path, &rule, e) != 0)
		return -1;
	if (!(f = outfile_stream(&of))) {
		err_sys(e, ERR_CANTCREAT, errno, "%s: cannot create", path);
		outfile_abort(&of);
		return -1;
	}
	fprintf(f, "%s\n", VIEWSTATE_HEAD);
	line(f, "view", s->view);
	if (s->order == REVIEW_UNCERTAINTY || s->order == REVIEW_SUSPICION)
		line(f, "order", order_name[s->order]);
	line(f, "row", s->row);
	line(f, "col", s->col);
	return outfile_commit(&of, e);
}

int
viewstate_read(const char *path, struct viewstate *s, struct err *e)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *v;
	size_t cap = 0;
	ssize_t n;
	int no = 0;

	viewstate_init(s);
	if (!f)
		return err_sys(e, ERR_NOINPUT, errno, "%s", path);
	while ((n = getline(&buf, &cap, f)) >= 0) {
		no++;
		if (n > 0 && buf[n - 1] == '\n')
			buf[--n] = '\0';
		if (no == 1) {
			if (strcmp(buf, VIEWSTATE_HEAD) != 0)
				break;
			continue;
		}
		if (!(v = strchr(buf, ' ')))
			continue;
		*v++ = '\0';
		if (strcmp(buf, "view") == 0)
			snprintf(s->view, sizeof s->view, "%s", v);
		else if (strcmp(buf, "order") == 0)
			s->order = strcmp(v, order_name[0]) == 0 ?
			    REVIEW_UNCERTAINTY : strcmp(v, order_name[1]) ==
			    0 ? REVIEW_SUSPICION : -1;
		else if (strcmp(buf, "row") == 0) {
			free(s->row);
			s->row = xstrdup(v);
		} else if (strcmp(buf, "col") == 0) {
			free(s->col);
			s->col = xstrdup(v);
		}
	}
	free(buf);
	fclose(f);
	if (no == 0 || s->view[0] == '\0') {
		viewstate_release(s);
		return err_at(e, ERR_DATA, path, 1, 0, "not a winnow view "
		    "file");
	}
	return 0;
}
