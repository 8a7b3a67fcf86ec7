/*
 * t3320-shard-model - what a saved model is made of: the feature spec
 * gives the table it was learnt on the very same features, and another
 * table (columns in another order, a column typed otherwise, unseen
 * values) the features of its rows' values as the first table saw them;
 * a model saved and read back predicts bit for bit as it did.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/data/labels.h"
#include "core/pico/features.h"
#include "core/pico/shard/model.h"
#include "core/util/hash.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* Row i of a and row j of b hold the same entries, bit for bit. */
static int
same_row(const struct features *a, uint64_t i, const struct features *b,
    uint64_t j)
{
	uint64_t p, q;
	uint32_t d;

	if (a->ptr[i + 1] - a->ptr[i] != b->ptr[j + 1] - b->ptr[j] ||
	    a->nnum != b->nnum)
		return 0;
	for (p = a->ptr[i], q = b->ptr[j]; p < a->ptr[i + 1]; p++, q++)
		if (a->idx[p] != b->idx[q] || memcmp(&a->val[p], &b->val[q],
		    sizeof a->val[p]) != 0)
			return 0;
	for (d = 0; d < a->nnum; d++)
		if (memcmp(&a->num[i * a->nnum + d], &b->num[j * b->nnum + d],
		    sizeof *a->num) != 0)
			return 0;
	return 1;
}

/* A table of 60 rows: text, a category, a number, a date, a label. */
static char *
training_csv(void)
{
	static const char *word[] = { "red apple", "blue sky", "green leaf" };
	size_t cap = 1 << 16, n = 0;
	char *s = xmalloc(cap);
	int i;

	n += (size_t)snprintf(s + n, cap - n, "text,cat,num,day,label\n");
	for (i = 0; i < 60; i++)
		n += (size_t)snprintf(s + n, cap - n,
		    "%s %s,k%d,%s,2024-01-%02d,c%d\n", word[i % 3],
		    i % 7 == 0 ? "rare" : "common", i % 4,
		    i % 10 == 9 ? "" : i % 2 ? "1.5" : "3",
		    1 + i % 28, i % 3);
	return s;
}

static void
test_spec(void)
{
	const char *text[] = { "text", NULL };
	char *csv = training_csv();
	struct table *t = load_str_with(csv, text, NULL), *u;
	struct features_opts fo;
	struct features_spec spec;
	struct features X, Y, Z;
	struct err e;
	uint64_t i;
	int same = 1;

	features_opts_init(&fo);
	fo.label_col = table_col_index(t, "label");
	fo.learn = &spec;
	if (features_build(&X, t, &fo, &e) != 0)
		die("features: %s", e.msg);
	is_int(spec.ncols, 4, "the spec has the four feature columns");
	is(spec.col[0].name, "text", "by name");
	is_int(spec.col[0].kind, FEATURES_TEXT, "text");
	is_int(spec.col[1].kind, FEATURES_CAT, "categorical");
	is_int(spec.col[2].kind, FEATURES_NUM, "numeric");
	is_int(spec.col[3].kind, FEATURES_NUM, "a date is a number");
	is_int(spec.col[1].kept.n, 4, "the categories with a feature");
	ok(spec.col[2].inv > 0, "a deviation");
	ok(spec.col[0].ndf > 0, "document frequencies of the kept words");

	features_opts_init(&fo);
	fo.frozen = &spec;
	if (features_build(&Y, t, &fo, &e) != 0)
		die("frozen: %s", e.msg);
	ok(Y.n == X.n && Y.ptr[Y.n] == X.ptr[X.n] && Y.nnum == X.nnum,
	    "the spec on its own table: the same shape");
	for (i = 0; i < X.n; i++)
		same &= same_row(&X, i, &Y, i);
	ok(same, "and the same features, bit for bit");

	/* another table: columns moved, an extra one, no label, a numeric
	 * column that reads as 0/1 (bool) here, unseen values */
	u = load_str_with("day,extra,num,cat,text\n"
	    "2024-01-02,x,1.5,k1,blue sky common\n"
	    "2024-01-05,y,1.5,k9,red apple unseenword\n"
	    "2024-01-06,z,,k1,blue sky common\n", text, NULL);
	if (features_build(&Z, u, &fo, &e) != 0)
		die("part: %s", e.msg);
	ok(same_row(&X, 1, &Z, 0), "a row like training row 2 gets its "
	    "features");
	is_int(Z.ptr[2] - Z.ptr[1], 2, "an unseen word and category get "
	    "none: red, apple");
	ok(isnan(Z.num[2 * Z.nnum]), "a missing number stays missing");
	ok(Z.num[1 * Z.nnum] == X.num[1 * X.nnum],
	    "1.5 read in a part as in training");
	features_release(&Z);
	table_free(u);

	/* num reads as an integer column here, a float one in training */
	u = load_str_with("text,cat,num,day\nfoo,k0,3,2024-01-01\n"
	    "bar,k1,3,\n", text, NULL);
	if (features_build(&Z, u, &fo, &e) != 0)
		die("part: %s", e.msg);
	ok(u->col[2].type == COLTYPE_INT && Z.num[0] == X.num[0],
	    "a column typed otherwise reads its numbers as training did");
	ok(isnan(Z.num[Z.nnum + 1]), "a missing date");
	features_release(&Z);
	table_free(u);

	u = load_str_with("text,cat,day,label\nred apple,k0,2024-01-01,c0\n",
	    text, NULL);
	ok(features_build(&Z, u, &fo, &e) != 0 && e.code == ERR_DATA &&
	    strstr(e.msg, "no column named 'num' (a feature of the model)"),
	    "a part without a feature column: ERR_DATA naming it");
	table_free(u);

	features_release(&X);
	features_release(&Y);
	features_spec_release(&spec);
	table_free(t);
	free(csv);
}

/* Write n bytes of buf as the file path, or die. */
static void
put_file(const char *path, const unsigned char *buf, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, n, f) != n || fclose(f) != 0)
		die("%s: cannot write", path);
}

/*
 * The model in dir with its skill flag flipped (the hash made again) is
 * refused as damaged; rewritten as format 1 wrote it (no gate, no skill:
 * 44 bytes after the ambiguity threshold, version 1, the hash again) it
 * reads as a model whose checkers passed.
 */
static void
test_version1(const char *dir, const struct model *m, const char *kind)
{
	char *path = xmalloc(strlen(dir) + sizeof MODEL_FILE + 2);
	unsigned char *buf;
	size_t n, at, c;
	uint32_t one = 1;
	uint64_t h;
	struct model v1;
	struct err e;
	FILE *f;

	sprintf(path, "%s/%s", dir, MODEL_FILE);
	f = fopen(path, "rb");
	if (!f)
		die("%s: cannot read", path);
	buf = xmalloc(1 << 22);
	n = fread(buf, 1, 1 << 22, f);
	fclose(f);
	/* magic, version, label, k and the names, rows, per class count
	 * and threshold, checker, repeats, folds, seed, vote, prior, flag */
	at = 8 + 4 + 4 + strlen(m->label) + 4;
	for (c = 0; c < m->k; c++)
		at += 4 + strlen(m->name[c]);
	at += 8 + 16 * (size_t)m->k + 4 + 4 + 4 + 8 + 4 + 4 + 4 + 8 + 8 + 4 +
	    8 + 8 + 8;
	/* a skill that contradicts its gate: damaged */
	{
		unsigned char *bad = xmalloc(n);
		uint32_t flip;

		memcpy(bad, buf, n);
		memcpy(&flip, bad + at + 40, 4);
		flip = !flip;
		memcpy(bad + at + 40, &flip, 4);
		h = hash_bytes(bad, n - 8, 0);
		memcpy(bad + n - 8, &h, 8);
		put_file(path, bad, n);
		ok(model_load(&v1, dir, &e) != 0 && e.code == ERR_DATA &&
		    strstr(e.msg, "damaged model (skill out of range)"),
		    "%s: a skill its gate contradicts is refused", kind);
		free(bad);
	}
	memmove(buf + at, buf + at + 44, n - at - 44);
	n -= 44;
	memcpy(buf + 8, &one, 4);
	h = hash_bytes(buf, n - 8, 0);
	memcpy(buf + n - 8, &h, 8);
	put_file(path, buf, n);
	ok(model_load(&v1, dir, &e) == 0, "%s: a format 1 model reads",
	    kind);
	ok(v1.skill.predictive && isnan(v1.skill.gain) && v1.pico.gate == 0 &&
	    v1.nchk == m->nchk && v1.hash == h, "%s: as one whose checkers "
	    "passed", kind);
	model_release(&v1);
	buf[8] = 3;
	h = hash_bytes(buf, n - 8, 0);
	memcpy(buf + n - 8, &h, 8);
	put_file(path, buf, n);
	ok(model_load(&v1, dir, &e) != 0 && e.code == ERR_DATA &&
	    strstr(e.msg, "model format version 3; this winnow reads "
	    "versions 1 to 2"), "%s: a later format is refused", kind);
	free(buf);
	free(path);
}

static void
test_model(const char *kind)
{
	const char *text[] = { "text", NULL };
	char *csv = training_csv(), *dir;
	struct table *t = load_str_with(csv, text, NULL);
	struct labels L;
	struct picorun_opts po;
	struct model m, back;
	struct features_opts fo;
	struct features X;
	struct outfile_rule rule;
	struct err e;
	float *a, *b;
	double *scratch;
	uint64_t i;
	uint32_t c;
	int same = 1;

	if (labels_init(&L, t, table_col_index(t, "label"), LABELS_FIRST_SEEN,
	    &e) != 0)
		die("labels: %s", e.msg);
	picorun_opts_init(&po);
	po.oof.model = strcmp(kind, "nb") == 0 ? OOF_NB : OOF_LR;
	po.oof.threads = 2;
	ok(model_train(&m, t, &L, NULL, 0, &po, &e) != 0 &&
	    e.code == ERR_USAGE && strstr(e.msg, "--flag q"),
	    "%s: the budget rule is refused", kind);
	po.pico.flag = PICO_FLAG_Q;
	if (model_train(&m, t, &L, NULL, 0, &po, &e) != 0)
		die("train: %s", e.msg);
	dir = tpath(kind);
	memset(&rule, 0, sizeof rule);
	if (model_save(&m, dir, &rule, &e) != 0)
		die("save: %s", e.msg);
	ok(model_load(&back, dir, &e) == 0, "%s: saved and read back", kind);
	ok(back.hash == m.hash && back.k == 3 && back.nchk == 15 &&
	    back.kind == m.kind, "%s: the same model", kind);
	is(back.name[2], m.name[2], "the classes");
	is(back.label, "label", "the label column");
	features_opts_init(&fo);
	fo.frozen = &back.spec;
	if (features_build(&X, t, &fo, &e) != 0)
		die("features: %s", e.msg);
	a = xmalloc(3 * sizeof *a);
	b = xmalloc(3 * sizeof *b);
	scratch = xmalloc(3 * sizeof *scratch);
	for (c = 0; c < m.nchk; c++)
		for (i = 0; i < X.n; i++) {
			if (m.kind == OOF_NB) {
				nb_predict(&m.chk[c].nb, &X, i, a, scratch);
				nb_predict(&back.chk[c].nb, &X, i, b, scratch);
			} else {
				lr_predict(&m.chk[c].lr, &X, i, a);
				lr_predict(&back.chk[c].lr, &X, i, b);
			}
			same &= memcmp(a, b, 3 * sizeof *a) == 0;
		}
	ok(same, "%s: every checker predicts as before, bit for bit", kind);
	ok(back.skill.rows == m.skill.rows && back.skill.gain == m.skill.gain &&
	    back.skill.predictive && back.pico.gate == PICO_GATE &&
	    m.skill.gain > PICO_GATE, "%s: its skill, measured and read back",
	    kind);
	test_version1(dir, &m, kind);
	features_release(&X);
	model_release(&back);
	model_release(&m);
	FREE_ALL(dir, a, b, scratch);
	labels_release(&L);
	table_free(t);
	free(csv);
}

int
main(void)
{
	test_spec();
	test_model("nb");
	test_model("lr");
	return done_testing();
}
