/*
 * action.h - what a key asks for.
 *
 * Views and the application handle actions, never raw keys: the key
 * tables in tui/keymap.c map keys to these, per context, and the help
 * overlay and the man page's key list are generated from those tables and
 * the names and help texts here.  An action's meaning may depend on the
 * view (ACT_OPEN opens a record in the Table, a histogram in the
 * Overview), which is why the help text is general.
 */
#ifndef WINNOW_ACTION_H
#define WINNOW_ACTION_H

#include <stdint.h>

enum action {
	ACT_NONE,
	/* moving */
	ACT_UP,
	ACT_DOWN,
	ACT_LEFT,
	ACT_RIGHT,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HALF_UP,
	ACT_HALF_DOWN,
	ACT_TOP,
	ACT_BOTTOM,
	ACT_FIRST_COL,
	ACT_LAST_COL,
	/* going places */
	ACT_OPEN,
	ACT_BACK,
	ACT_QUIT,
	ACT_NEXT_VIEW,
	ACT_PREV_VIEW,
	/* the top-level views 1 to 5, in the top bar's (Tab) order */
	ACT_VIEW_OVERVIEW,
	ACT_VIEW_TABLE,
	ACT_VIEW_HISTOGRAM,
	ACT_VIEW_CROSSTAB,
	ACT_VIEW_LABELS,
	/* asking */
	ACT_HELP,
	ACT_COMMAND,
	ACT_FILTER,
	ACT_FILTER_ALL,
	ACT_FILTER_POP,
	ACT_CANCEL,
	ACT_REDRAW,
	/* view specific */
	ACT_NEXT_MATCH,
	ACT_PREV_MATCH,
	ACT_SORT,
	ACT_SORT_REVERSE,
	ACT_LOG_SCALE,
	ACT_BREAKDOWN,
	ACT_COMPARE,
	ACT_AXIS_ROWS,
	ACT_AXIS_COLS,
	ACT_SWAP_AXES,
	ACT_FLAGGED_COMPARE,
	/* the review loop */
	ACT_RUN_PICO,
	ACT_PICO_FORM,
	ACT_VIEW_FLAGGED,
	ACT_VIEW_REVIEW,
	ACT_RERUN,
	ACT_ACCEPT,
	ACT_REJECT,
	ACT_PICK_1,
	ACT_PICK_2,
	ACT_PICK_3,
	ACT_PICK_4,
	ACT_PICK_5,
	ACT_PICK_6,
	ACT_PICK_7,
	ACT_PICK_8,
	ACT_PICK_9,
	ACT_PICK_LABEL,
	ACT_NEW_LABEL,
	ACT_DROP,
	ACT_SKIP,
	ACT_UNDO,
	ACT_NOTE,
	ACT_FLAG_ROW,
	ACT_TOGGLE_MODE,
	ACT_ORDER,
	ACT_SELECT,
	ACT_SELECT_ALL,
	ACT_BULK_SELECTED,
	ACT_BULK_AUTOFIX,
	ACT_FILTER_GIVEN,
	ACT_FILTER_SUGGESTED,
	ACT_FILTER_BAND,
	ACT_CLEAR_FILTERS,
	ACT_GRID,
	ACT_EDIT,
	/* the Table's tools: sorting, columns, searching, copying, saving */
	ACT_SORT_ASC,
	ACT_SORT_DESC,
	ACT_SORT_ADD_ASC,
	ACT_SORT_ADD_DESC,
	ACT_HIDE_COL,
	ACT_SHOW_COLS,
	ACT_PIN_COL,
	ACT_COLUMNS,
	ACT_SEARCH,
	ACT_SEARCH_ALL,
	ACT_COPY_CELL,
	ACT_COPY_ROW,
	ACT_SAVE,
	/* going back without quitting; a mode for picking a class */
	ACT_ESCAPE,
	ACT_PICK_MENU,
	ACT_PICK_CANCEL,
	/* the prompt line */
	ACT_PROMPT_ACCEPT,
	ACT_PROMPT_CANCEL,
	ACT_PROMPT_LEFT,
	ACT_PROMPT_RIGHT,
	ACT_PROMPT_HOME,
	ACT_PROMPT_END,
	ACT_PROMPT_BACKSPACE,
	ACT_PROMPT_DELETE,
	ACT_PROMPT_KILL_END,
	ACT_PROMPT_KILL_START,
	ACT_PROMPT_KILL_WORD,
	ACT_PROMPT_HISTORY_UP,
	ACT_PROMPT_HISTORY_DOWN,
	ACT_PROMPT_COMPLETE,
	/* not bound to keys: a view's prompt was answered (env->answer) */
	ACT_ANSWER,
	ACT_COUNT
};

/* A short name: "page-down".  Never NULL. */
const char *action_name(enum action a);

/* One line of help: "Move down a page".  Never NULL. */
const char *action_help(enum action a);

/* The action called name, or ACT_NONE. */
enum action action_find(const char *name);

/*
 * Move a cursor over n lines (0 .. n-1) for the vertical motions (up,
 * down, page and half page, top, bottom), page being the lines a screen
 * shows.  Returns 1 when a is one of them (the cursor may not have
 * moved), 0 for any other action.
 */
int action_move(enum action a, uint64_t *cur, uint64_t n, uint64_t page);

/*
 * Scroll text whose first line shown is *top by the vertical motions as
 * action_move moves a cursor over the first lines 0 .. last: a line, a
 * page (page lines) or half of one, the top, the bottom (last: the
 * caller keeps a screenful in sight).  Returns 1 when a is one of them,
 * 0 for any other action (then *top is left alone).
 */
int action_scroll(enum action a, int *top, int page, int last);

#endif
