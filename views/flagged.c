/*
 * flagged.c - the rows PICO flagged, most suspicious first (lowest
 * b(given)), with what it suggests: given, suggested, p(suggested),
 * quality, checkers agreeing, auto-fix (A) and ambiguous (?) marks and a
 * snippet of the first text column.  Rows already decided show their
 * verdict.
 *
 * Only the rows that pass the workbench's filters show (the status line
 * names them).  f, s and b cycle filters on the given label, the
 * suggested label and the band of p(suggested); 0 clears them.  c
 * switches to the confusion grid (given down, suggested across, counts
 * of flagged rows in the band, the classes with most rows first; the
 * cursor on the largest pair of two classes, or on the filters' classes
 * when some are set); Enter on a cell shows just those rows, and q
 * goes back from them to the grid.  The grid holds only the pairs of
 * classes that occur, so that its size follows the flagged rows, not
 * the square of the classes.
 * Space selects a row, *
 * every row shown; a accepts the selected rows' suggestions, A every
 * auto-fixable row shown, each after a y/n question naming the count;
 * the decisions are journalled as one bulk group, and u undoes the last
 * decision or group.  Enter on a row opens it in the Review view.
 *
 * The list is rebuilt when a new result comes (the review loop's
 * pico_gen) or the filters change (env->gen); the selection is by row,
 * so it survives a new result.
 */
#include "views/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/pico.h"
#include "core/pico/picorun.h"
#include "core/review/review.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"
#include "views/lib/listview.h"
#include "views/lib/reviewloop.h"
#include "views/lib/reviewrow.h"

enum { BAND_ANY, BAND_SURE, BAND_HIGH, BAND_MID, BAND_LOW, BAND_N };

static const char *const band_name[BAND_N] = {
	"any", ">=.95", ".80-.95", ".50-.80", "<.50"
};

enum { ASK_SELECTED = 1, ASK_AUTOFIX };

/*
 * The confusion grid of the flagged rows shown in the band: lines are
 * the given classes that occur, columns the suggested ones, each by
 * rows, most first; cells are the pairs that occur, by line then
 * column (key = line * ncol + column), found by binary search.
 */
struct grid {
	uint32_t nline, ncol;
	uint32_t *line_cls, *col_cls;	/* [nline], [ncol] classes */
	uint64_t *key, *count;		/* [ncell] */
	size_t ncell;
	uint64_t most;			/* the largest off-diagonal cell */
};

struct fv {
	struct reviewloop *loop;	/* the result, decisions, requests */
	uint64_t gen;			/* loop->pico_gen of the lists */
	uint64_t env_gen;		/* env->gen of the lists */
	const struct pico_result *res;
	uint32_t *all, nall;		/* flagged rows, most suspicious
					 * first */
	uint32_t *shown, nshown;	/* those passing the filters */
	uint8_t *sel;			/* [n + 1] selected rows */
	uint32_t nsel, n;
	uint32_t fgiven, fsugg;		/* LABELS_NONE: any */
	int band;
	int grid;
	struct listview lv;		/* the list's cursor (no model) */
	struct grid g;
	uint32_t gr, gc, gtop, gleft;	/* grid cursor (line, column) and
					 * scroll */
	int from_cell;			/* the list is a grid cell's: q goes
					 * back to the grid */
	uint32_t cell_given, cell_sugg;	/* the class filters before it */
	uint32_t *pending, npending;	/* rows a question is about */
};

static int
in_band(int band, double p)
{
	switch (band) {
	case BAND_SURE:
		return p >= 0.95;
	case BAND_HIGH:
		return p >= 0.8 && p < 0.95;
	case BAND_MID:
		return p >= 0.5 && p < 0.8;
	case BAND_LOW:
		return p < 0.5;
	default:
		return 1;
	}
}

static void
grid_release(struct grid *g)
{
	FREE_ALL(g->line_cls, g->col_cls, g->key, g->count);
	memset(g, 0, sizeof *g);
}

/*
 * The classes of k that occur in cls[rows[i]] for the n rows, most
 * rows first (ties: class order), into *out; their rank in rank[k].
 * Returns how many.
 */
static uint32_t
grid_axis(const uint32_t *rows, uint32_t n, const uint32_t *cls, uint32_t k,
    uint32_t **out, uint32_t *rank)
{
	uint64_t *neg = xcalloc((size_t)k + 1, sizeof *neg);
	uint32_t i, m = 0, c;

	for (i = 0; i < n; i++)
		neg[cls[rows[i]]]++;
	*out = xmalloc(((size_t)k + 1) * sizeof **out);
	for (c = 0; c < k; c++)
		if (neg[c]) {
			(*out)[m++] = c;
			/* sort_idx_by_u64 ascends: more rows, smaller key */
			neg[c] = UINT64_MAX - neg[c];
		}
	sort_idx_by_u64(*out, m, neg);
	for (i = 0; i < m; i++)
		rank[(*out)[i]] = i;
	free(neg);
	return m;
}

/* Count the grid over the flagged rows shown by the workbench's filters
 * in the band (the class filters do not apply: the grid chooses them). */
static void
grid_build(struct fv *v, const struct view_env *env)
{
	const struct pico_result *r = v->res;
	struct grid *g = &v->g;
	uint32_t k = r->k, i, n = 0, *rows, *rank_l, *rank_c, *y;
	uint64_t *key;
	size_t j;

	grid_release(g);
	if (!env->labels)
		return;
	y = env->labels->y;
	rows = xmalloc(((size_t)v->nall + 1) * sizeof *rows);
	for (i = 0; i < v->nall; i++) {
		uint32_t row = v->all[i];

		if (y[row] < k && r->suggested[row] < k &&
		    in_band(v->band, r->p_suggested[row]) &&
		    reviewrow_in_view(env, row))
			rows[n++] = row;
	}
	rank_l = xmalloc(((size_t)k + 1) * sizeof *rank_l);
	rank_c = xmalloc(((size_t)k + 1) * sizeof *rank_c);
	g->nline = grid_axis(rows, n, y, k, &g->line_cls, rank_l);
	g->ncol = grid_axis(rows, n, r->suggested, k, &g->col_cls, rank_c);
	/* a cell per pair that occurs: the rows' cells in order (rows[]
	 * becomes the order of their positions) */
	key = xmalloc(((size_t)n + 1) * sizeof *key);
	for (i = 0; i < n; i++) {
		key[i] = (uint64_t)rank_l[y[rows[i]]] * g->ncol +
		    rank_c[r->suggested[rows[i]]];
		rows[i] = i;
	}
	sort_idx_by_u64(rows, n, key);
	g->key = xmalloc(((size_t)n + 1) * sizeof *g->key);
	g->count = xmalloc(((size_t)n + 1) * sizeof *g->count);
	for (i = 0; i < n; i++) {
		uint64_t kk = key[rows[i]];

		if (g->ncell && g->key[g->ncell - 1] == kk) {
			g->count[g->ncell - 1]++;
			continue;
		}
		g->key[g->ncell] = kk;
		g->count[g->ncell++] = 1;
	}
	for (j = 0; j < g->ncell; j++)
		if (g->key[j] / g->ncol != g->key[j] % g->ncol ||
		    g->line_cls[g->key[j] / g->ncol] !=
		    g->col_cls[g->key[j] % g->ncol])
			g->most = g->count[j] > g->most ? g->count[j] : g->most;
	FREE_ALL(key, rank_l, rank_c, rows);
	if (g->nline && v->gr >= g->nline)
		v->gr = g->nline - 1;
	if (g->ncol && v->gc >= g->ncol)
		v->gc = g->ncol - 1;
}

/* The grid's largest cell of a given class and another suggested (the
 * first in the grid's order of those as large) into *line, *col; left
 * as they are on an empty grid. */
static void
grid_largest(const struct grid *g, uint32_t *line, uint32_t *col)
{
	size_t j;

	for (j = 0; j < g->ncell; j++) {
		uint32_t l = (uint32_t)(g->key[j] / g->ncol);
		uint32_t c = (uint32_t)(g->key[j] % g->ncol);

		if (g->count[j] == g->most && g->line_cls[l] !=
		    g->col_cls[c]) {
			*line = l;
			*col = c;
			return;
		}
	}
}

/* The count of the grid's cell (line, column): 0 when the pair does not
 * occur. */
static uint64_t
grid_count(const struct grid *g, uint32_t line, uint32_t col)
{
	uint64_t want = (uint64_t)line * g->ncol + col;
	size_t at;

	if (line >= g->nline || col >= g->ncol)
		return 0;
	at = sort_lower_u64(g->key, 0, g->ncell, want);
	return at < g->ncell && g->key[at] == want ? g->count[at] : 0;
}

/* The position of class c on an axis of n classes, or n. */
static uint32_t
grid_find(const uint32_t *cls, uint32_t n, uint32_t c)
{
	uint32_t i;

	for (i = 0; i < n && cls[i] != c; i++)
		;
	return i;
}

static void
refilter(struct fv *v, const struct view_env *env)
{
	const struct pico_result *r = v->res;
	uint32_t i, row;

	v->env_gen = env->gen;
	v->nshown = 0;
	for (i = 0; r && i < v->nall; i++) {
		row = v->all[i];
		if (!reviewrow_in_view(env, row))
			continue;
		if (v->fgiven != LABELS_NONE && env->labels &&
		    env->labels->y[row] != v->fgiven)
			continue;
		if (v->fsugg != LABELS_NONE && r->suggested[row] != v->fsugg)
			continue;
		if (!in_band(v->band, r->p_suggested[row]))
			continue;
		v->shown[v->nshown++] = row;
	}
	listview_clamp(&v->lv, v->nshown);
	if (r)
		grid_build(v, env);
}

static int
by_suspicion(const void *a, const void *b, void *ctx)
{
	return review_suspicion_cmp(ctx, *(const uint32_t *)a,
	    *(const uint32_t *)b);
}

/* Rebuild the lists when the result changed. */
static void
sync(struct fv *v, const struct view_env *env)
{
	const struct pico_result *r = v->loop->pico;
	uint32_t i;

	if (v->gen == v->loop->pico_gen && v->res == r) {
		if (v->env_gen != env->gen)
			refilter(v, env);
		return;
	}
	v->gen = v->loop->pico_gen;
	v->res = r;
	free(v->all);
	free(v->shown);
	v->all = v->shown = NULL;
	v->nall = v->nshown = 0;
	if (!r)
		return;
	if (v->n != r->n) {
		free(v->sel);
		v->sel = xcalloc((size_t)r->n + 1, 1);
		v->n = r->n;
		v->nsel = 0;
	}
	v->all = xmalloc(((size_t)r->nflagged + 1) * sizeof *v->all);
	v->shown = xmalloc(((size_t)r->nflagged + 1) * sizeof *v->shown);
	for (i = 0; i < r->n && v->nall < r->nflagged; i++)
		if (r->flagged[i])
			v->all[v->nall++] = i;
	/* the default review queue's order, so the row a reviewer opens
	 * first is the first one listed */
	sort_stable(v->all, v->nall, sizeof *v->all, by_suspicion,
	    (void *)r);
	refilter(v, env);
}

static void *
fv_open(struct view_env *env, void *data)
{
	struct fv *v = xcalloc(1, sizeof *v);

	(void)env;
	v->loop = data;
	v->fgiven = v->fsugg = LABELS_NONE;
	listview_init(&v->lv, NULL);
	v->gen = (uint64_t)-1;
	return v;
}

static void
fv_close(void *st)
{
	struct fv *v = st;

	FREE_ALL(v->all, v->shown, v->sel, v->pending);
	grid_release(&v->g);
	free(v);
}

static void
header(struct fv *v, const struct view_env *env, struct canvas *c, int x,
    int y, int w)
{
	const struct pico_result *r = v->res;
	uint32_t i, fix = 0, dec = 0;
	char buf[300], n1[32], n2[32];

	for (i = 0; i < v->nshown; i++) {
		fix += r->auto_fix[v->shown[i]];
		if (v->loop->review && (v->loop->review->state[v->shown[i]] &
		    REVIEW_DECIDED))
			dec++;
	}
	canvas_fill(c, x, y, w, 1, ROLE_HEADER);
	if (!r->skill.predictive)
		snprintf(buf, sizeof buf, "nothing flagged: %s",
		    picorun_warning(r));
	else
		snprintf(buf, sizeof buf, "%s of %s flagged rows, %u "
		    "auto-fixable, %u decided; %.1f wrong labels expected",
		    canvas_fmt_count(v->nshown, n1),
		    canvas_fmt_count(v->nall, n2), fix, dec, r->expected);
	canvas_str(c, x + 1, y, w - 2, buf, r->skill.predictive ?
	    ROLE_HEADER : ROLE_WARN, CANVAS_BOLD);
	snprintf(buf, sizeof buf, "given: %.40s   suggested: %.40s   "
	    "p(suggested): %s", v->fgiven == LABELS_NONE ? "any" :
	    reviewrow_class(env, v->fgiven), v->fsugg == LABELS_NONE ? "any" :
	    reviewrow_class(env, v->fsugg), band_name[v->band]);
	canvas_str(c, x + 1, y + 1, w - 2, buf, ROLE_DIM, 0);
	if (v->nsel) {
		snprintf(buf, sizeof buf, "%u selected", v->nsel);
		canvas_str_right(c, x, y + 1, w - 1, buf, ROLE_WARN,
		    CANVAS_BOLD);
	}
}

static void
draw_list(struct fv *v, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	const struct pico_result *r = v->res;
	const struct table *t = env->t;
	int keyw = 4, cw = 10, tc = reviewrow_text_col(env), yy, sx, sel, i;
	uint32_t ln, row;
	char buf[64], kb[24];
	const char *s;
	size_t len;

	for (ln = 0; ln < v->nshown; ln++) {
		int kw;

		s = table_key(t, v->shown[ln], kb, &len);
		kw = (int)safetext_width(s, len, c->utf8);
		if (kw > keyw)
			keyw = kw > 10 ? 10 : kw;
	}
	if (w >= 120)
		cw = 16;
	/* the lines end above the hint line */
	listview_scroll(&v->lv, v->nshown, h - 4);
	/* column heads */
	sx = canvas_heads(c, x + 3, y + 2, (const struct canvas_head[]){
		{ "#", keyw, 1, 1 }, { "given", cw, 0, 1 },
		{ "suggested", cw, 0, 1 }, { "p", 5, 1, 1 }, { "q", 5, 1, 1 },
		{ "agr", 3, 1, 1 },
	}, 6);
	sx += 3;
	canvas_str(c, sx, y + 2, x + w - sx, tc >= 0 ? t->col[tc].name : "",
	    ROLE_HEADER, CANVAS_BOLD);
	for (i = 0; i < v->lv.page; i++) {
		enum canvas_role role;
		int decided, kw;

		ln = (uint32_t)v->lv.top + (uint32_t)i;
		if (ln >= v->nshown)
			break;
		row = v->shown[ln];
		yy = y + 3 + i;
		sel = ln == v->lv.cur;
		decided = reviewrow_verdict(env, v->loop->review, row, buf,
		    sizeof buf);
		role = sel ? ROLE_SELECTED : decided ? ROLE_REVIEWED :
		    ROLE_NORMAL;
		if (sel)
			canvas_fill(c, x, yy, w, 1, ROLE_SELECTED);
		if (v->sel && v->sel[row])
			canvas_str(c, x + 1, yy, 1, canvas_glyph(c,
			    GLYPH_BULLET), sel ? ROLE_SELECTED : ROLE_WARN,
			    CANVAS_BOLD);
		sx = x + 3;
		s = table_key(t, row, kb, &len);
		kw = (int)safetext_width(s, len, c->utf8);
		canvas_text(c, sx + (kw < keyw ? keyw - kw : 0), yy, keyw, s,
		    len, role, 0);
		sx += keyw + 1;
		canvas_str(c, sx, yy, cw, reviewrow_class(env,
		    env->labels ? env->labels->y[row] : LABELS_NONE), role,
		    CANVAS_BOLD);
		sx += cw + 1;
		if (decided) {
			canvas_str(c, sx, yy, cw + 16, buf, role, CANVAS_BOLD);
			sx += cw + 17;
		} else {
			sx = reviewrow_draw_suggestion(c, env, r, row, sx, yy,
			    cw, role);
			snprintf(buf, sizeof buf, "%.2f", r->quality[row]);
			canvas_str_right(c, sx, yy, 5, buf, sel ? role :
			    r->quality[row] < 0.2 ? ROLE_WARN : role, 0);
			sx += 6;
			snprintf(buf, sizeof buf, "%u", r->agree[row]);
			canvas_str_right(c, sx, yy, 3, buf, role, 0);
			sx += 4;
		}
		canvas_str(c, sx, yy, 1, r->auto_fix[row] ? "A" : " ",
		    sel ? role : ROLE_GOOD, CANVAS_BOLD);
		canvas_str(c, sx + 1, yy, 1, r->ambiguous[row] ? "?" : " ",
		    sel ? role : ROLE_WARN, CANVAS_BOLD);
		reviewrow_draw_snippet(c, t, tc, row, sx + 3, yy, x + w,
		    sel ? role : ROLE_DIM);
	}
	if (v->nshown == 0)
		canvas_str(c, x + 2, y + 4, w - 4, !v->nall &&
		    picorun_gated(r) ? "PICO flagged no row (P: a skill gate of 0 flags the "
		    "guesses anyway)" : !v->nall ? "PICO flagged "
		    "no row" : reviewrow_filtered(env) ? "no flagged row "
		    "passes the filters (0 clears this view's, :filter clear "
		    "the others)" : "no flagged row passes the filters (0 "
		    "clears them)", ROLE_DIM, 0);
}

static void
draw_grid(struct fv *v, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	const struct grid *g = &v->g;
	uint32_t l, s, rows, cols, gl, sc;
	uint64_t most = g->most;
	int namew = 6, cellw = 7, yy, xx, i;
	char buf[32];

	for (l = 0; l < g->nline; l++) {
		int nw = (int)strlen(reviewrow_class(env, g->line_cls[l]));

		namew = nw > namew ? nw : namew;
	}
	if (namew > 16)
		namew = 16;
	cellw = namew < 7 ? 7 : namew > 12 ? 12 : namew;
	rows = (uint32_t)(h - 5 > 1 ? h - 5 : 1);
	cols = (uint32_t)((w - namew - 4) / (cellw + 1));
	if (cols < 1)
		cols = 1;
	if (v->gr < v->gtop)
		v->gtop = v->gr;
	if (v->gr >= v->gtop + rows)
		v->gtop = v->gr - rows + 1;
	if (v->gc < v->gleft)
		v->gleft = v->gc;
	if (v->gc >= v->gleft + cols)
		v->gleft = v->gc - cols + 1;
	snprintf(buf, sizeof buf, "%u x %u classes", g->nline, g->ncol);
	canvas_str(c, x + 1, y + 2, w - 2, "given (down) x suggested (across), "
	    "most rows first", ROLE_DIM, 0);
	canvas_str_right(c, x, y + 2, w - 1, buf, ROLE_DIM, 0);
	if (g->nline == 0)
		canvas_str(c, x + 2, y + 4, w - 4, "no flagged row in the band "
		    "(b changes it)", ROLE_DIM, 0);
	for (s = v->gleft; s < g->ncol && s < v->gleft + cols; s++) {
		xx = x + namew + 3 + (int)(s - v->gleft) * (cellw + 1);
		canvas_str_right(c, xx, y + 3, cellw, reviewrow_class(env,
		    g->col_cls[s]), s == v->gc ? ROLE_CURSOR : ROLE_HEADER,
		    CANVAS_BOLD);
	}
	for (i = 0, l = v->gtop; l < g->nline && (uint32_t)i < rows;
	    l++, i++) {
		yy = y + 4 + i;
		gl = g->line_cls[l];
		canvas_str(c, x + 1, yy, namew, reviewrow_class(env, gl),
		    l == v->gr ? ROLE_CURSOR : ROLE_HEADER, CANVAS_BOLD);
		for (s = v->gleft; s < g->ncol && s < v->gleft + cols; s++) {
			uint64_t n = grid_count(g, l, s);
			enum canvas_role role;

			sc = g->col_cls[s];
			role = n == 0 ? ROLE_DIM : gl == sc ? ROLE_NORMAL :
			    n * 4 >= most * 3 ? ROLE_HEAT4 : n * 2 >= most ?
			    ROLE_HEAT3 : n * 4 >= most ? ROLE_HEAT2 :
			    ROLE_HEAT1;
			xx = x + namew + 3 + (int)(s - v->gleft) * (cellw + 1);
			if (l == v->gr && s == v->gc) {
				canvas_fill(c, xx, yy, cellw, 1, ROLE_CURSOR);
				role = ROLE_CURSOR;
			}
			canvas_str_right(c, xx, yy, cellw, n ?
			    canvas_fmt_count(n, buf) : "-", role, gl == sc ?
			    0 : CANVAS_BOLD);
		}
	}
}

static void
fv_draw(void *st, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	struct fv *v = st;
	char buf[200];

	if (!env->t)
		return;
	sync(v, env);
	if (!v->res) {
		canvas_str(c, x + 2, y + 1, w - 4, v->loop->pico_busy ?
		    "PICO is running; the flagged rows show when it is done" :
		    env->labels ? "No PICO result yet: p runs it on all rows "
		    "(P sets its options first)." : "No label column: :label "
		    "COL chooses one, then p runs PICO.", ROLE_DIM, 0);
		return;
	}
	header(v, env, c, x, y, w);
	if (v->grid && env->labels)
		draw_grid(v, env, c, x, y, w, h);
	else
		draw_list(v, env, c, x, y, w, h);
	snprintf(buf, sizeof buf, "%s", v->grid ? "Enter shows the rows of a "
	    "cell; c or q goes back to the list" : v->from_cell ? "Enter reviews "
	    "the row; q goes back to the grid" : "Enter reviews the row; "
	    "Space selects, a accepts the selected, A the auto-fixable (A); "
	    "f s b filter");
	canvas_str(c, x + 1, y + h - 1, w - 2, buf, ROLE_DIM, 0);
}

/* Rows of the list for a bulk accept: the selected or the auto-fixable
 * rows shown that have no verdict. */
static uint32_t
gather(struct fv *v, const struct view_env *env, int autofix)
{
	const uint8_t *state = v->loop->review->state;
	uint32_t i, row;

	free(v->pending);
	v->pending = xmalloc(((size_t)v->nshown + 1) * sizeof *v->pending);
	v->npending = 0;
	if (autofix) {
		for (i = 0; i < v->nshown; i++) {
			row = v->shown[i];
			if (v->res->auto_fix[row] && !(state[row] &
			    REVIEW_DECIDED))
				v->pending[v->npending++] = row;
		}
		return v->npending;
	}
	for (i = 0; i < v->nall; i++) {
		row = v->all[i];
		if (v->sel[row] && !(state[row] & REVIEW_DECIDED))
			v->pending[v->npending++] = row;
	}
	return v->npending;
}

static void
bulk(struct fv *v, struct view_env *env)
{
	struct err e;
	uint32_t i, n = v->npending;

	if (n == 0)
		return;
	if (review_bulk(v->loop->review, v->pending, n, JOURNAL_ACCEPT, NULL,
	    &e) != 0) {
		snprintf(env->req.msg, sizeof env->req.msg, "%.190s", e.msg);
		env->req.msg_level = VIEW_ERROR;
		return;
	}
	for (i = 0; i < n; i++)
		if (v->sel[v->pending[i]]) {
			v->sel[v->pending[i]] = 0;
			v->nsel--;
		}
	v->loop->req.decided = 1;
	snprintf(env->req.msg, sizeof env->req.msg, "accepted the "
	    "suggestions of %u row%s (u undoes them in one step)", n,
	    n == 1 ? "" : "s");
	v->npending = 0;
}

/* Cycle a class filter through any, then the classes present. */
static uint32_t
cycle(uint32_t cur, uint32_t k)
{
	if (cur == LABELS_NONE)
		return k ? 0 : LABELS_NONE;
	return cur + 1 < k ? cur + 1 : LABELS_NONE;
}

/* Move a grid cursor over k classes one step (no pages). */
static void
grid_move(uint32_t *cur, enum action a, uint32_t k)
{
	uint64_t c = *cur;

	action_move(a, &c, k, 1);
	*cur = (uint32_t)c;
}

static unsigned
grid_act(struct fv *v, struct view_env *env, enum action a)
{
	const struct grid *g = &v->g;
	uint32_t gl, sc;

	switch (a) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_TOP:
	case ACT_BOTTOM:
		grid_move(&v->gr, a, g->nline);
		break;
	case ACT_LEFT:
	case ACT_RIGHT:
		/* across, as up and down go down the side */
		grid_move(&v->gc, a == ACT_LEFT ? ACT_UP : ACT_DOWN, g->ncol);
		break;
	case ACT_OPEN:
		if (grid_count(g, v->gr, v->gc) == 0) {
			snprintf(env->req.msg, sizeof env->req.msg, "no "
			    "flagged rows there: the cell is empty");
			break;
		}
		gl = g->line_cls[v->gr];
		sc = g->col_cls[v->gc];
		/* from one cell's rows to another's: q still goes back to
		 * the filters the first cell was opened from */
		if (!v->from_cell) {
			v->cell_given = v->fgiven;
			v->cell_sugg = v->fsugg;
		}
		v->fgiven = gl;
		v->fsugg = sc;
		v->grid = 0;
		v->from_cell = 1;
		v->lv.cur = v->lv.top = 0;
		refilter(v, env);
		break;
	case ACT_BACK:
		/* back to the list the grid was opened from */
		v->grid = 0;
		break;
	default:
		return 0;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static unsigned
fv_act(void *st, struct view_env *env, enum action a)
{
	struct fv *v = st;
	struct err e;
	uint32_t i, n, row;
	unsigned r;

	if (!env->t)
		return 0;
	sync(v, env);
	if (!v->res || !v->loop->review || !env->labels)
		return 0;
	listview_clamp(&v->lv, v->nshown);
	if (v->grid && (r = grid_act(v, env, a)) != 0)
		return r;
	switch (a) {
	case ACT_GRID:
		v->grid = !v->grid;
		/* no class chosen yet: on the largest cell */
		if (v->grid && v->fgiven == LABELS_NONE &&
		    v->fsugg == LABELS_NONE)
			grid_largest(&v->g, &v->gr, &v->gc);
		if (v->grid && v->fgiven != LABELS_NONE &&
		    grid_find(v->g.line_cls, v->g.nline, v->fgiven) <
		    v->g.nline)
			v->gr = grid_find(v->g.line_cls, v->g.nline, v->fgiven);
		if (v->grid && v->fsugg != LABELS_NONE &&
		    grid_find(v->g.col_cls, v->g.ncol, v->fsugg) < v->g.ncol)
			v->gc = grid_find(v->g.col_cls, v->g.ncol, v->fsugg);
		break;
	case ACT_BACK:
		if (!v->from_cell)
			return 0;
		/* a cell's rows: back to the grid, as the list was */
		v->from_cell = 0;
		v->fgiven = v->cell_given;
		v->fsugg = v->cell_sugg;
		v->grid = 1;
		refilter(v, env);
		break;
	case ACT_FILTER_GIVEN:
		v->fgiven = cycle(v->fgiven, v->res->k);
		refilter(v, env);
		break;
	case ACT_FILTER_SUGGESTED:
		v->fsugg = cycle(v->fsugg, v->res->k);
		refilter(v, env);
		break;
	case ACT_FILTER_BAND:
		v->band = (v->band + 1) % BAND_N;
		refilter(v, env);
		break;
	case ACT_CLEAR_FILTERS:
		v->fgiven = v->fsugg = LABELS_NONE;
		v->band = BAND_ANY;
		refilter(v, env);
		break;
	case ACT_SELECT:
		if (v->grid || v->nshown == 0)
			break;
		row = v->shown[v->lv.cur];
		v->sel[row] = !v->sel[row];
		v->nsel += v->sel[row] ? 1 : (uint32_t)-1;
		if (v->lv.cur + 1 < v->nshown)
			v->lv.cur++;
		break;
	case ACT_SELECT_ALL:
		for (i = 0, n = 0; i < v->nshown; i++)
			n += v->sel[v->shown[i]];
		for (i = 0; i < v->nshown; i++) {
			row = v->shown[i];
			if (n == v->nshown && v->sel[row]) {
				v->sel[row] = 0;
				v->nsel--;
			} else if (n < v->nshown && !v->sel[row]) {
				v->sel[row] = 1;
				v->nsel++;
			}
		}
		break;
	case ACT_BULK_SELECTED:
	case ACT_BULK_AUTOFIX:
		if (review_writable(v->loop->review, &e) != 0) {
			/* no question that could only fail */
			snprintf(env->req.msg, sizeof env->req.msg, "%.190s",
			    e.msg);
			env->req.msg_level = VIEW_ERROR;
			break;
		}
		n = gather(v, env, a == ACT_BULK_AUTOFIX);
		if (n == 0) {
			snprintf(env->req.msg, sizeof env->req.msg, "%s",
			    a == ACT_BULK_AUTOFIX ? "no undecided auto-fixable "
			    "row in the list" : "no undecided row selected "
			    "(Space selects, * selects all shown)");
			break;
		}
		env->req.ask = a == ACT_BULK_AUTOFIX ? ASK_AUTOFIX :
		    ASK_SELECTED;
		env->req.ask_yesno = 1;
		snprintf(env->req.ask_title, sizeof env->req.ask_title,
		    "accept the suggestions of %u %srow%s? (y/n)", n,
		    a == ACT_BULK_AUTOFIX ? "auto-fixable " : "selected ",
		    n == 1 ? "" : "s");
		break;
	case ACT_ANSWER:
		if (env->answer && (strcmp(env->answer, "y") == 0 ||
		    strcmp(env->answer, "yes") == 0))
			bulk(v, env);
		else
			snprintf(env->req.msg, sizeof env->req.msg,
			    "nothing accepted");
		break;
	case ACT_UNDO:
		if (reviewrow_undo(v->loop->review, env->req.msg,
		    sizeof env->req.msg, &e) < 0) {
			snprintf(env->req.msg, sizeof env->req.msg, "%.190s",
			    e.msg);
			env->req.msg_level = VIEW_ERROR;
		}
		break;
	case ACT_OPEN:
		if (v->nshown == 0)
			break;
		v->loop->review_row = v->shown[v->lv.cur];
		env->row = v->shown[v->lv.cur];
		env->req.push = "review";
		break;
	default:
		return v->grid ? 0 : listview_move(&v->lv, a, v->nshown);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static void
fv_where(void *st, const struct view_env *env, char *buf, size_t size)
{
	struct fv *v = st;
	const struct grid *g = &v->g;

	if (!v->res) {
		snprintf(buf, size, "%s", v->loop->pico_busy ? "PICO running" :
		    "");
		return;
	}
	if (v->grid && env->labels && g->nline && g->ncol) {
		snprintf(buf, size, "%.24s > %.24s: %llu rows",
		    reviewrow_class(env, g->line_cls[v->gr]),
		    reviewrow_class(env, g->col_cls[v->gc]),
		    (unsigned long long)grid_count(g, v->gr, v->gc));
		return;
	}
	snprintf(buf, size, "row %u of %u", v->nshown ? (uint32_t)v->lv.cur +
	    1 : 0, v->nshown);
}

static const uint32_t *
fv_rows(void *st, const struct view_env *env, uint64_t *n,
    const char **what)
{
	struct fv *v = st;

	if (!env->t)
		return NULL;
	sync(v, env);
	*n = v->nshown;
	*what = "flagged rows";
	return v->shown;
}

const struct view view_flagged = {
	.name = "flagged",
	.title = "Flagged",
	.top = 0,
	.data = VIEW_DATA_REVIEW,
	.help = "The rows PICO flagged, most suspicious first: given and "
	    "suggested label, p(suggested), quality (b of the given label), "
	    "checkers agreeing, A for auto-fixable (sure enough to accept in "
	    "bulk) and ? for ambiguous, and a snippet. f, s and b cycle "
	    "filters on the given label, the suggested label and the band of "
	    "p(suggested); 0 clears them. c shows the confusion grid (given "
	    "down, suggested across, the classes with most rows first); "
	    "Enter on a cell lists its rows, q goes back to the grid. Only "
	    "rows that pass the filters in the status line show. Space "
	    "selects a row, * every row shown; a accepts the selected rows' "
	    "suggestions, A every auto-fixable row shown (each asks first, "
	    "and u undoes the whole group). Enter reviews the row.",
	.open = fv_open,
	.close = fv_close,
	.draw = fv_draw,
	.act = fv_act,
	.where = fv_where,
	.rows = fv_rows,
};
