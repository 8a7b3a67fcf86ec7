/*
 * action.c - names and help texts of the actions, in enum order (a test
 * checks that every action has both).
 */
#include "views/lib/action.h"

#include <string.h>

static const struct {
	const char *name, *help;
} actions[ACT_COUNT] = {
	[ACT_NONE] = { "none", "Do nothing" },
	[ACT_UP] = { "up", "Move up" },
	[ACT_DOWN] = { "down", "Move down" },
	[ACT_LEFT] = { "left", "Move left (previous column, row or bar)" },
	[ACT_RIGHT] = { "right", "Move right (next column, row or bar)" },
	[ACT_PAGE_UP] = { "page-up", "Move up a page" },
	[ACT_PAGE_DOWN] = { "page-down", "Move down a page" },
	[ACT_HALF_UP] = { "half-up", "Move up half a page" },
	[ACT_HALF_DOWN] = { "half-down", "Move down half a page" },
	[ACT_TOP] = { "top", "Go to the first line" },
	[ACT_BOTTOM] = { "bottom", "Go to the last line" },
	[ACT_FIRST_COL] = { "first-column", "Go to the first column" },
	[ACT_LAST_COL] = { "last-column", "Go to the last column" },
	[ACT_OPEN] = { "open", "Open what is under the cursor (drill down)" },
	[ACT_BACK] = { "back", "Go back; on the first view, quit (as in less "
	    "and VisiData)" },
	[ACT_QUIT] = { "quit", "Quit winnow" },
	[ACT_NEXT_VIEW] = { "next-view", "Switch to the next view" },
	[ACT_PREV_VIEW] = { "previous-view", "Switch to the previous view" },
	[ACT_VIEW_OVERVIEW] = { "overview", "Show the Overview of columns" },
	[ACT_VIEW_TABLE] = { "table", "Show the Table of rows" },
	[ACT_VIEW_HISTOGRAM] = { "histogram",
	    "Show the Histogram of the current column" },
	[ACT_VIEW_CROSSTAB] = { "crosstab", "Show the Crosstab" },
	[ACT_VIEW_LABELS] = { "labels", "Show the Labels" },
	[ACT_HELP] = { "help", "Show or hide this help" },
	[ACT_COMMAND] = { "command", "Type a command (:sample, :label ...)" },
	[ACT_FILTER] = { "filter",
	    "Filter rows by a regex on the current column" },
	[ACT_FILTER_ALL] = { "filter-all",
	    "Filter rows by a regex on every text column" },
	[ACT_FILTER_POP] = { "filter-pop", "Remove the last filter" },
	[ACT_CANCEL] = { "cancel", "Cancel the running job" },
	[ACT_REDRAW] = { "redraw", "Redraw the screen" },
	[ACT_NEXT_MATCH] = { "next-match",
	    "Next row matching the last search (or filter)" },
	[ACT_PREV_MATCH] = { "previous-match",
	    "Previous row matching the last search (or filter)" },
	[ACT_SORT] = { "sort", "Sort by the next key" },
	[ACT_SORT_REVERSE] = { "sort-reverse", "Reverse the sort order" },
	[ACT_LOG_SCALE] = { "log-scale", "Toggle a logarithmic scale" },
	[ACT_BREAKDOWN] = { "breakdown",
	    "Cycle the per-label breakdown (none, stacked, side by side)" },
	[ACT_COMPARE] = { "compare",
	    "Compare two row sets (two labels, or sample and all rows)" },
	[ACT_AXIS_ROWS] = { "axis-rows", "Choose the column down the side" },
	[ACT_AXIS_COLS] = { "axis-columns", "Choose the column across" },
	[ACT_SWAP_AXES] = { "swap-axes", "Swap the two axes" },
	[ACT_FLAGGED_COMPARE] = { "compare-flagged",
	    "Compare flagged rows with the rest, column by column" },
	[ACT_RUN_PICO] = { "run-pico",
	    "Run PICO on all rows (reviewed rows clamped)" },
	[ACT_PICO_FORM] = { "pico-options",
	    "Set PICO's parameters, then run it" },
	[ACT_VIEW_FLAGGED] = { "flagged", "Show the Flagged rows" },
	[ACT_VIEW_REVIEW] = { "review", "Review the flagged rows one by one" },
	[ACT_RERUN] = { "rerun",
	    "Run PICO again now with the decisions so far (in the "
	    "background)" },
	[ACT_ACCEPT] = { "accept-suggestion",
	    "Accept the suggested label (selected rows: all of them)" },
	[ACT_REJECT] = { "reject", "Reject the suggestion: keep the given "
	    "label" },
	[ACT_PICK_1] = { "pick-1", "Pick the class of that number on the "
	    "card (1: the most probable)" },
	[ACT_PICK_2] = { "pick-2", "Pick the 2nd most probable class" },
	[ACT_PICK_3] = { "pick-3", "Pick the 3rd most probable class" },
	[ACT_PICK_4] = { "pick-4", "Pick the 4th most probable class" },
	[ACT_PICK_5] = { "pick-5", "Pick the 5th most probable class" },
	[ACT_PICK_6] = { "pick-6", "Pick the 6th most probable class" },
	[ACT_PICK_7] = { "pick-7", "Pick the 7th most probable class" },
	[ACT_PICK_8] = { "pick-8", "Pick the 8th most probable class" },
	[ACT_PICK_9] = { "pick-9", "Pick the 9th most probable class" },
	[ACT_PICK_LABEL] = { "pick-label",
	    "Pick any class by name (Tab completes)" },
	[ACT_NEW_LABEL] = { "new-label",
	    "Give the row a label that is not a class yet" },
	[ACT_DROP] = { "drop", "Drop the row as bad data" },
	[ACT_SKIP] = { "skip", "Skip the row for now" },
	[ACT_UNDO] = { "undo", "Undo the last decision (also after a "
	    "restart)" },
	[ACT_NOTE] = { "note", "Add a note to the row" },
	[ACT_FLAG_ROW] = { "flag", "Flag the row for a second look" },
	[ACT_TOGGLE_MODE] = { "card-list", "Switch between card and list" },
	[ACT_ORDER] = { "order",
	    "Order the queue by uncertainty or by suspicion" },
	[ACT_SELECT] = { "select", "Select or unselect the row" },
	[ACT_SELECT_ALL] = { "select-all",
	    "Select every row shown (again: none)" },
	[ACT_BULK_SELECTED] = { "accept-selected",
	    "Accept the suggestions of the selected rows (asks first)" },
	[ACT_BULK_AUTOFIX] = { "accept-auto-fix",
	    "Accept every auto-fixable row shown (asks first)" },
	[ACT_FILTER_GIVEN] = { "given-filter",
	    "Show one given label (cycles)" },
	[ACT_FILTER_SUGGESTED] = { "suggested-filter",
	    "Show one suggested label (cycles)" },
	[ACT_FILTER_BAND] = { "confidence-band",
	    "Show one band of p(suggested) (cycles)" },
	[ACT_CLEAR_FILTERS] = { "clear-filters", "Show every flagged row" },
	[ACT_GRID] = { "confusion-grid",
	    "Switch to the given x suggested grid and back" },
	[ACT_EDIT] = { "edit", "Type a new value" },
	[ACT_SORT_ASC] = { "sort-ascending",
	    "Sort by this column, smallest first (again: unsort)" },
	[ACT_SORT_DESC] = { "sort-descending",
	    "Sort by this column, largest first (again: unsort)" },
	[ACT_SORT_ADD_ASC] = { "sort-add-ascending",
	    "Add this column to the sort, smallest first" },
	[ACT_SORT_ADD_DESC] = { "sort-add-descending",
	    "Add this column to the sort, largest first" },
	[ACT_HIDE_COL] = { "hide-column", "Hide this column" },
	[ACT_SHOW_COLS] = { "show-columns", "Show every hidden column" },
	[ACT_PIN_COL] = { "pin-column",
	    "Pin this column at the left, or unpin it" },
	[ACT_COLUMNS] = { "columns",
	    "List the columns: hide, pin, jump to one" },
	[ACT_SEARCH] = { "search",
	    "Search the current column for a regex (rows stay)" },
	[ACT_SEARCH_ALL] = { "search-all",
	    "Search every text column for a regex (rows stay)" },
	[ACT_COPY_CELL] = { "copy-cell",
	    "Copy the cell to the clipboard (or a file)" },
	[ACT_COPY_ROW] = { "copy-row",
	    "Copy the row as a CSV record (clipboard or file)" },
	[ACT_SAVE] = { "save", "Save the rows in view to a CSV file" },
	[ACT_ESCAPE] = { "escape",
	    "Leave a mode, or go back; never quits" },
	[ACT_PICK_MENU] = { "pick-class",
	    "Pick a class by its number on the card (the keys 1-9 pick "
	    "while the mode shows)" },
	[ACT_PICK_CANCEL] = { "pick-cancel",
	    "Leave the pick mode without deciding" },
	[ACT_PROMPT_ACCEPT] = { "accept", "Accept the line" },
	[ACT_PROMPT_CANCEL] = { "abandon", "Abandon the line" },
	[ACT_PROMPT_LEFT] = { "cursor-left", "Cursor left" },
	[ACT_PROMPT_RIGHT] = { "cursor-right", "Cursor right" },
	[ACT_PROMPT_HOME] = { "line-start", "Cursor to the start" },
	[ACT_PROMPT_END] = { "line-end", "Cursor to the end" },
	[ACT_PROMPT_BACKSPACE] = { "backspace",
	    "Delete the character before the cursor" },
	[ACT_PROMPT_DELETE] = { "delete",
	    "Delete the character under the cursor" },
	[ACT_PROMPT_KILL_END] = { "kill-to-end",
	    "Delete to the end of the line" },
	[ACT_PROMPT_KILL_START] = { "kill-to-start",
	    "Delete to the start of the line" },
	[ACT_PROMPT_KILL_WORD] = { "kill-word",
	    "Delete the word before the cursor" },
	[ACT_PROMPT_HISTORY_UP] = { "history-previous",
	    "Previous line from this prompt's history" },
	[ACT_PROMPT_HISTORY_DOWN] = { "history-next",
	    "Next line from this prompt's history" },
	[ACT_PROMPT_COMPLETE] = { "complete",
	    "Complete a column or command name (again: the next one)" },
	[ACT_ANSWER] = { "answer", "A prompt was answered" },
};

const char *
action_name(enum action a)
{
	if ((unsigned)a >= ACT_COUNT || !actions[a].name)
		return "?";
	return actions[a].name;
}

const char *
action_help(enum action a)
{
	if ((unsigned)a >= ACT_COUNT || !actions[a].help)
		return "?";
	return actions[a].help;
}

enum action
action_find(const char *name)
{
	int a;

	for (a = 0; a < ACT_COUNT; a++)
		if (actions[a].name && strcmp(actions[a].name, name) == 0)
			return (enum action)a;
	return ACT_NONE;
}

int
action_move(enum action a, uint64_t *cur, uint64_t n, uint64_t page)
{
	uint64_t last = n ? n - 1 : 0;

	if (page < 1)
		page = 1;
	if (a == ACT_HALF_UP || a == ACT_HALF_DOWN)
		page = page / 2 ? page / 2 : 1;
	switch (a) {
	case ACT_UP:
		if (*cur > 0)
			(*cur)--;
		break;
	case ACT_DOWN:
		if (*cur < last)
			(*cur)++;
		break;
	case ACT_PAGE_UP:
	case ACT_HALF_UP:
		*cur = *cur > page ? *cur - page : 0;
		break;
	case ACT_PAGE_DOWN:
	case ACT_HALF_DOWN:
		*cur = *cur + page < last ? *cur + page : last;
		break;
	case ACT_TOP:
		*cur = 0;
		break;
	case ACT_BOTTOM:
		*cur = last;
		break;
	default:
		return 0;
	}
	if (*cur > last)
		*cur = last;
	return 1;
}

int
action_scroll(enum action a, int *top, int page, int last)
{
	uint64_t t = *top > 0 ? (uint64_t)*top : 0;

	/* a cursor over the first lines 0 .. last */
	if (!action_move(a, &t, (uint64_t)(last > 0 ? last : 0) + 1,
	    page > 0 ? (uint64_t)page : 1))
		return 0;
	*top = (int)t;
	return 1;
}
