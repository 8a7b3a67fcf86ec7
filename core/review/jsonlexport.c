/*
 * jsonlexport.c - the JSON Lines copier.
 *
 * Lines are handled as the input arrives: a run of lines that are
 * copied as they are goes out in one put; a line that changes is built
 * in a buffer as a list of edits (spans of the line replaced or text
 * inserted, in order) and goes out whole.  The scanner (jscan.h) finds
 * where the label's value is, or where its key must go.
 */
#include "core/review/jsonlexport.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/jsonw.h"
#include "core/util/xalloc.h"

enum action { COPY, DROP, REWRITE };

void
jsonlexport_init(struct jsonlexport *x, const struct table *t,
    const struct journal *j, const struct export_opts *o,
    const struct jsonlexport_plan *P, struct export_stats *st,
    void (*put)(void *ctx, const void *p, size_t n), void *ctx)
{
	*x = (struct jsonlexport){ .t = t, .j = j, .o = o, .P = P, .st = st,
	    .put = put, .ctx = ctx };
	jscan_init(&x->sc);
}

void
jsonlexport_release(struct jsonlexport *x)
{
	jscan_release(&x->sc);
	bytebuf_release(&x->carry);
	bytebuf_release(&x->buf);
	free(x->esc);
	x->esc = NULL;
}

static int
changed(struct jsonlexport *x, const char *what, struct err *e)
{
	x->failed = 1;
	return err_at(e, ERR_DATA, x->t->path, (long long)x->lineno, 0,
	    "the file changed since it was loaded (%s)", what);
}

static void
out(struct jsonlexport *x, const void *p, size_t n)
{
	bytebuf_add(&x->buf, p, n);
}

static void
out_quoted(struct jsonlexport *x, const char *s, size_t n)
{
	x->esc = xgrow(x->esc, &x->esccap, 6 * n + 2, 1);
	out(x, x->esc, jsonw_quote(s, n, x->esc));
}

/* The members of object `parent` (-1: the line's own): the item of key
 * k, or -1; *last gets the last member, or -1. */
static int32_t
member(const struct jscan *sc, int32_t parent, const char *k, size_t kn,
    int32_t *last)
{
	int32_t i, found = -1;
	const char *key;
	size_t n;

	*last = -1;
	for (i = 0; i < (int32_t)sc->nit; i++) {
		if (sc->it[i].parent != parent)
			continue;
		*last = i;
		key = jscan_key(sc, &sc->it[i], &n);
		if (found < 0 && n == kn && memcmp(key, k, n) == 0)
			found = i;
	}
	return found;
}

/* How the line spaces a member: the bytes between a key and its value,
 * and between two members. */
static void
spacing(const struct jscan *sc, const char *s, const char **kv, size_t *nkv,
    const char **sep, size_t *nsep)
{
	size_t i, k;

	*kv = ":";
	*nkv = 1;
	*sep = ",";
	*nsep = 1;
	if (sc->nit == 0)
		return;
	*kv = s + sc->it[0].ke;
	*nkv = sc->it[0].vs - sc->it[0].ke;
	for (i = 0; i < sc->nit; i++)
		for (k = i + 1; k < sc->nit; k++)
			if (sc->it[k].parent == sc->it[i].parent) {
				*sep = s + sc->it[i].ve;
				*nsep = sc->it[k].kq - sc->it[i].ve;
				return;
			}
	/* no two members to learn from: a space after the comma when
	 * there is one after the colon */
	if ((*kv)[*nkv - 1] == ' ' || (*kv)[*nkv - 1] == '\t')
		*nsep = 2, *sep = ", ";
}

/* The next key of an encoded path at *at: its bytes and length. */
static const char *
path_key(const char *path, size_t len, size_t *at, size_t *kn)
{
	const unsigned char *p = (const unsigned char *)path + *at;
	const char *k;

	if (*at + 4 > len)
		return NULL;
	*kn = (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 |
	    (size_t)p[3] << 24;
	k = path + *at + 4;
	*at += 4 + *kn;
	return k;
}

/* The length of the dotted name of a path's keys before offset at (a
 * prefix of the column's name, which is the dotted path). */
static size_t
dotted_len(const struct column *c, size_t at)
{
	size_t i = 0, kn, n = 0;

	while (i < at && path_key(c->jpath, c->jpathlen, &i, &kn))
		n += kn + (n > 0);
	return n;
}

/* An edit of the line: [from, to) replaced by text (to == from: an
 * insertion). */
struct edit {
	size_t from, to;
	size_t tstart, tlen;	/* the text, in x->buf past the line */
};

/* The new label as JSON: in the old value's type when it is one. */
static void
label_json(struct jsonlexport *x, int kind, const char *s, size_t n)
{
	if ((kind == JSCAN_NUMBER && jscan_is_number(s, n)) ||
	    ((kind == JSCAN_TRUE || kind == JSCAN_FALSE) &&
	    ((n == 4 && memcmp(s, "true", 4) == 0) ||
	    (n == 5 && memcmp(s, "false", 5) == 0))))
		out(x, s, n);
	else
		out_quoted(x, s, n);
}

/*
 * Rewrite row line s[0..n) (its bytes from off on are the object; off
 * skips a byte order mark) into x->buf.  Returns 0, or -1 with e.
 */
static int
rewrite(struct jsonlexport *x, const char *s, size_t n, size_t off,
    uint64_t row, struct err *e)
{
	const struct table *t = x->t;
	const struct export_opts *o = x->o;
	const struct column *lc = &t->col[o->label_col];
	struct jscan *sc = &x->sc;
	struct edit ed[2 + EXPORT_NCOLS];
	size_t ned = 0, at = 0, kn = 0, vn, cn, nkv, nsep, i, depth = 0;
	size_t labn = 0, base;
	const char *k, *v = "", *cell, *kv, *sep, *lab;
	int32_t parent = -1, idx = -1, last;
	uint32_t labid = x->P->label[row];
	int kind = JSCAN_NULL;

	if (jscan_line(sc, s + off, n - off) != 1)
		return changed(x, "a row is no JSON object now", e);
	spacing(sc, s + off, &kv, &nkv, &sep, &nsep);
	/* the label: where it is, or how far its path goes */
	while ((k = path_key(lc->jpath, lc->jpathlen, &at, &kn)) != NULL) {
		idx = member(sc, parent, k, kn, &last);
		if (idx < 0)
			break;
		if (at < lc->jpathlen) {
			if (sc->it[idx].kind != JSCAN_OBJECT) {
				x->failed = 1;
				return err_at(e, ERR_DATA, t->path,
				    (long long)x->lineno, (long long)(off +
				    sc->it[idx].vs + 1), "'%.*s' holds %s, "
				    "not an object: the label %s cannot go "
				    "under it", (int)dotted_len(lc, at),
				    lc->name, jscan_kind_name((enum jscan_kind)
				    sc->it[idx].kind), lc->name);
			}
			parent = idx;
			continue;
		}
		kind = sc->it[idx].kind;
		if (kind == JSCAN_STRING)
			v = jscan_str(sc, &sc->it[idx], &vn);
		else if (kind == JSCAN_NULL)
			vn = 0;
		else {
			v = s + off + sc->it[idx].vs;
			vn = sc->it[idx].ve - sc->it[idx].vs;
		}
		break;
	}
	if (idx < 0)
		vn = 0;
	cell = table_cell(t, (size_t)o->label_col, row, &cn);
	if (cn != vn || memcmp(cell, v, vn) != 0)
		return changed(x, "a label is not what was loaded", e);

	x->buf.n = n;	/* edits' texts go after room for the line */
	x->buf.b = xgrow(x->buf.b, &x->buf.cap, n, 1);
	if (labid != JOURNAL_NONE) {
		lab = journal_str(x->j, labid, &labn);
		base = x->buf.n;
		if (idx >= 0) {
			ed[ned].from = off + sc->it[idx].vs;
			ed[ned].to = off + sc->it[idx].ve;
			label_json(x, kind, lab, labn);
		} else {
			/* ,"k":{"k2":...VALUE} after the last member */
			member(sc, parent, "", 0, &last);
			ed[ned].from = ed[ned].to = off + (last >= 0 ?
			    sc->it[last].ve : parent >= 0 ?
			    sc->it[parent].vs + 1 : sc->open + 1);
			if (last >= 0)
				out(x, sep, nsep);
			at -= 4 + kn;
			while ((k = path_key(lc->jpath, lc->jpathlen, &at,
			    &kn)) != NULL) {
				out_quoted(x, k, kn);
				out(x, kv, nkv);
				if (at < lc->jpathlen) {
					out(x, "{", 1);
					depth++;
				}
			}
			label_json(x, JSCAN_STRING, lab, labn);
			for (; depth > 0; depth--)
				out(x, "}", 1);
		}
		ed[ned].tstart = base;
		ed[ned++].tlen = x->buf.n - base;
		x->st->relabelled++;
	}
	for (i = 0; i < (size_t)o->nadd; i++) {
		const char *name = export_col_name(o->add[i]);

		if (member(sc, -1, name, strlen(name), &last) >= 0) {
			x->failed = 1;
			return err_at(e, ERR_DATA, t->path,
			    (long long)x->lineno, 0, "the row has a key '%s' "
			    "already: --add-columns would repeat it", name);
		}
		base = x->buf.n;
		ed[ned].from = ed[ned].to = off + (last >= 0 ?
		    sc->it[last].ve : sc->open + 1);
		if (last >= 0 || i > 0 || (ned > 0 && ed[0].from ==
		    ed[ned].from))
			out(x, sep, nsep);
		out_quoted(x, name, strlen(name));
		out(x, kv, nkv);
		if (o->add[i] == EXPORT_COL_SOURCE) {
			const char *sn = x->P->src_names[x->P->src[row]];

			out_quoted(x, sn, strlen(sn));
		} else if (idx >= 0) {
			out(x, s + off + sc->it[idx].vs, sc->it[idx].ve -
			    sc->it[idx].vs);
		} else {
			out(x, "null", 4);
		}
		ed[ned].tstart = base;
		ed[ned++].tlen = x->buf.n - base;
	}
	/* the line with its edits, in order, at the front of the buffer:
	 * the texts are copied out first, as they sit where the line goes */
	{
		size_t texts = x->buf.n - n, from = 0;
		char *tx = xmalloc(texts ? texts : 1);

		if (texts)
			memcpy(tx, x->buf.b + n, texts);
		x->buf.n = 0;
		for (i = 0; i < ned; i++) {
			out(x, s + from, ed[i].from - from);
			out(x, tx + ed[i].tstart - n, ed[i].tlen);
			from = ed[i].to;
		}
		out(x, s + from, n - from);
		free(tx);
	}
	return 0;
}

/* What to do with line s[0..n); a rewritten line is in x->buf. */
static int
line(struct jsonlexport *x, const char *s, size_t n, enum action *a,
    struct err *e)
{
	const struct table *t = x->t;
	const struct export_opts *o = x->o;
	uint64_t row = x->row;
	size_t off = 0, i;

	x->lineno++;
	*a = COPY;
	if (row >= t->nrows || t->line[row] != x->lineno) {
		if (o->ragged == CSVLOAD_RAGGED_SKIP)
			return 0;	/* a skipped line: copied */
		for (i = 0; i < n; i++)
			if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
				return changed(x, row >= t->nrows ? "more "
				    "rows than were loaded" : "a row is on "
				    "another line", e);
		return 0;
	}
	x->row++;
	/* a row that is copied is not scanned, but it must still look
	 * like one */
	if (x->lineno == 1 && t->bom && n >= 3)
		off = 3;
	for (i = off; i < n && (s[i] == ' ' || s[i] == '\t' ||
	    s[i] == '\r'); i++)
		;
	if (i == n || s[i] != '{')
		return changed(x, "a row is no JSON object now", e);
	if (o->drop_excluded && x->P->src[row] == x->P->src_dropped) {
		*a = DROP;
		x->st->dropped++;
		return 0;
	}
	x->st->written++;
	if (x->P->label[row] == JOURNAL_NONE && o->nadd == 0)
		return 0;
	*a = REWRITE;
	return rewrite(x, s, n, off, row, e);
}

/* Handle line s[0..n), a line cut into blocks or the last one: its line
 * ending (when nl) is not in s. */
static int
one(struct jsonlexport *x, const char *s, size_t n, int nl, struct err *e)
{
	enum action a;

	if (line(x, s, n, &a, e) != 0)
		return -1;
	if (a == DROP)
		return 0;
	if (a == COPY)
		x->put(x->ctx, s, n);
	else
		x->put(x->ctx, x->buf.b, x->buf.n);
	if (nl)
		x->put(x->ctx, "\n", 1);
	return 0;
}

int
jsonlexport_feed(struct jsonlexport *x, const void *buf, size_t n, int last,
    struct err *e)
{
	const char *p = buf, *nl;
	size_t pos = 0, run, take;
	enum action a;
	int whole, lf;

	if (x->failed)
		return -1;
	if (x->carry.n) {
		pos = linecarry_join(&x->carry, p, n, last, &whole, &lf);
		if (!whole)
			return 0;
		if (one(x, x->carry.b, x->carry.n, lf, e) != 0)
			return -1;
		x->carry.n = 0;
	}
	run = pos;
	while (pos < n && (nl = memchr(p + pos, '\n', n - pos)) != NULL) {
		take = (size_t)(nl - p) - pos;
		if (line(x, p + pos, take, &a, e) != 0)
			return -1;
		if (a != COPY) {
			x->put(x->ctx, p + run, pos - run);
			if (a == REWRITE)
				x->put(x->ctx, x->buf.b, x->buf.n);
			/* a dropped line takes its line ending along */
			run = a == DROP ? pos + take + 1 : pos + take;
		}
		pos += take + 1;
	}
	x->put(x->ctx, p + run, pos - run);
	if (pos < n && last) {
		if (one(x, p + pos, n - pos, 0, e) != 0)
			return -1;
	} else if (pos < n) {
		linecarry_keep(&x->carry, p + pos, n - pos);
	}
	if (last && x->row != x->t->nrows)
		return changed(x, "fewer rows than were loaded", e);
	return 0;
}
