/*
 * registry.c - every view the application can open, by name.  A new view
 * is one file in views/ exporting one const struct view, one line here,
 * and (if it has keys of its own) a table in tui/keymap.c named after it.
 */
#include "views/view.h"

#include <string.h>

extern const struct view view_loading;
extern const struct view view_overview;
extern const struct view view_table;
extern const struct view view_record;
extern const struct view view_histogram;
extern const struct view view_crosstab;
extern const struct view view_labels;
extern const struct view view_flagged;
extern const struct view view_review;
extern const struct view view_picoform;
extern const struct view view_columns;

const struct view *const view_all[] = {
	&view_loading,
	&view_overview,
	&view_table,
	&view_record,
	&view_histogram,
	&view_crosstab,
	&view_labels,
	&view_flagged,
	&view_review,
	&view_picoform,
	&view_columns,
	NULL
};

const struct view *
view_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; view_all[i]; i++)
		if (strcmp(view_all[i]->name, name) == 0)
			return view_all[i];
	return NULL;
}
