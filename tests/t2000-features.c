/*
 * t2000-features - tokens, hashed text n-grams, one-hot categories,
 * standardised numbers and the CSR invariants.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/pico/features.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static char toks[1024];

static void
collect(void *ctx, const char *tok, size_t len)
{
	size_t n = strlen(toks);

	(void)ctx;
	snprintf(toks + n, sizeof toks - n, "%s%.*s", n ? "|" : "",
	    (int)len, tok);
}

/* The value stored for bucket b in row r, or 0. */
static float
entry(const struct features *f, uint64_t r, uint32_t b)
{
	uint64_t p;

	for (p = f->ptr[r]; p < f->ptr[r + 1]; p++)
		if (f->idx[p] == b)
			return f->val[p];
	return 0;
}

static double
row_norm(const struct features *f, uint64_t r)
{
	double s = 0;
	uint64_t p;

	for (p = f->ptr[r]; p < f->ptr[r + 1]; p++)
		s += (double)f->val[p] * f->val[p];
	return sqrt(s);
}

static int
csr_ok(const struct features *f)
{
	uint64_t r, p;

	if (f->ptr[0] != 0)
		return 0;
	for (r = 0; r < f->n; r++) {
		if (f->ptr[r + 1] < f->ptr[r])
			return 0;
		for (p = f->ptr[r]; p < f->ptr[r + 1]; p++) {
			if (f->idx[p] >= f->dim || f->val[p] == 0 ||
			    !isfinite(f->val[p]))
				return 0;
			if (p > f->ptr[r] && f->idx[p] <= f->idx[p - 1])
				return 0;
		}
	}
	return 1;
}

static void
test_tokens(void)
{
	static const char s[] = "Hello, World! \xc3\x89" "COLE na\xc3\xafve "
	    "caf\xc3\xa9-au-LAIT x2";
	size_t n;

	toks[0] = 0;
	n = features_tokens(s, sizeof s - 1, collect, NULL);
	is_int(n, 8, "eight tokens");
	is(toks, "hello|world|\xc3\x89" "cole|na\xc3\xafve|caf\xc3\xa9|au|"
	    "lait|x2", "ASCII lower-cased, multibyte kept inside tokens");
	toks[0] = 0;
	is_int(features_tokens("", 0, collect, NULL), 0, "empty: none");
	is_int(features_tokens(" ,.;!\t\n", 7, collect, NULL), 0,
	    "punctuation only: none");
	toks[0] = 0;
	is_int(features_tokens("a\0b", 3, collect, NULL), 2,
	    "NUL separates");
	is(toks, "a|b", "tokens around NUL");
	is_int(features_tokens("abc", 3, NULL, NULL), 1,
	    "counting without a callback");
}

static void
test_text(void)
{
	static const char csv[] =
	    "id,text,label\n"
	    "1,Good movie,pos\n"
	    "2,good MOVIE good,pos\n"
	    "3,bad movie,neg\n"
	    "4,,neg\n"
	    "5,movie,neg\n";
	static const char *const text[] = { "text", NULL };
	struct table *t = load_str_with(csv, text, "id");
	struct features_opts o;
	struct features f;
	struct err e;
	uint32_t bgood, bmovie, bbad;
	int sgood, smovie, sbad, tcol = 1;
	double x, y;

	features_opts_init(&o);
	o.label_col = 2;
	is_int(o.bigrams, 0, "bigrams are off by default");
	o.min_df = 1;
	o.tfidf = 0;
	o.sublinear = 0;
	o.bigrams = 1;
	if (!ok(features_build(&f, t, &o, &e) == 0, "text features build"))
		diag("%s", e.msg);
	is_int(f.n, 5, "five rows");
	is_int(f.dim, 1u << 18, "2^18 buckets by default");
	is_int(f.ntext, 1, "one text column");
	is_int(f.ncat + f.nnum, 0, "id and label left out");
	ok(csr_ok(&f), "rows ascending, no zeros");
	bgood = features_word_bucket(tcol, "good", 4, 18, &sgood);
	bmovie = features_word_bucket(tcol, "movie", 5, 18, &smovie);
	bbad = features_word_bucket(tcol, "bad", 3, 18, &sbad);
	/* row 0: good, movie, bigram: three unit counts, norm 1 */
	is_int(f.ptr[1] - f.ptr[0], 3, "unigrams and a bigram");
	is_num(entry(&f, 0, bgood), sgood / sqrt(3), 1e-6,
	    "'Good' lower-cased, signed, normalised");
	is_num(entry(&f, 0, bmovie), smovie / sqrt(3), 1e-6, "'movie'");
	/* row 1: good x2, movie, bigrams good-movie and movie-good */
	is_int(f.ptr[2] - f.ptr[1], 4, "two unigrams and two bigrams");
	is_num(entry(&f, 1, bgood), 2 * sgood / sqrt(7), 1e-6,
	    "raw count 2 before normalising");
	ok(entry(&f, 1, bmovie) * entry(&f, 0, bmovie) > 0,
	    "the same word keeps its sign in every row");
	is_num(entry(&f, 2, bbad), sbad / sqrt(3), 1e-6, "'bad'");
	is_num(row_norm(&f, 0), 1, 1e-6, "L2 norm 1 (row 0)");
	is_num(row_norm(&f, 1), 1, 1e-6, "L2 norm 1 (row 1)");
	is_int(f.ptr[4] - f.ptr[3], 0, "empty text: no features");
	is_int(f.ptr[5] - f.ptr[4], 1, "one word, no bigram");
	is_num(fabs(entry(&f, 4, bmovie)), 1, 1e-6, "single word has value 1");
	features_release(&f);

	/* sublinear tf: good x2 -> 1 + ln 2 */
	o.sublinear = 1;
	o.bigrams = 0;
	features_build(&f, t, &o, &e);
	x = 1 + log(2.0);
	is_num(fabs(entry(&f, 1, bgood)), x / sqrt(x * x + 1), 1e-6,
	    "sublinear tf");
	is_int(f.ptr[2] - f.ptr[1], 2, "bigrams off");
	features_release(&f);

	/* tf-idf: N = 5; df(movie) = 4, df(bad) = 1 */
	o.sublinear = 0;
	o.tfidf = 1;
	features_build(&f, t, &o, &e);
	x = log(6.0 / 5.0) + 1;	/* movie */
	y = log(6.0 / 2.0) + 1;	/* bad */
	is_num(fabs(entry(&f, 2, bbad)), y / sqrt(x * x + y * y), 1e-6,
	    "idf weights the rare word up");
	is_num(fabs(entry(&f, 2, bmovie)), x / sqrt(x * x + y * y), 1e-6,
	    "and the common one down");
	is_num(row_norm(&f, 2), 1, 1e-6, "still unit length");
	features_release(&f);

	/* min_df 2: 'bad' (one row) and the bigrams of single rows go */
	o.min_df = 2;
	o.bigrams = 1;
	o.tfidf = 0;
	features_build(&f, t, &o, &e);
	is_num(entry(&f, 2, bbad), 0, 0, "a word of one row is dropped");
	is_num(fabs(entry(&f, 2, bmovie)), 1, 1e-6,
	    "what remains is renormalised");
	is_int(f.ptr[1] - f.ptr[0], 3, "good, movie and 'good movie' "
	    "(two rows) stay");
	features_release(&f);

	/* hash bits */
	o.hash_bits = 10;
	features_build(&f, t, &o, &e);
	is_int(f.dim, 1024, "2^10 buckets");
	ok(csr_ok(&f), "valid at 2^10");
	is_num(fabs(entry(&f, 0, features_word_bucket(tcol, "good", 4, 10,
	    NULL))), 1 / sqrt(3), 1e-6, "bucket follows the bits");
	features_release(&f);
	o.hash_bits = 21;
	is_int(features_build(&f, t, &o, &e), -1, "2^21 refused");
	is_int(e.code, ERR_USAGE, "usage error");
	o.hash_bits = 7;
	is_int(features_build(&f, t, &o, &e), -1, "2^7 refused");
	table_free(t);
}

static void
test_char_ngrams(void)
{
	static const char csv[] = "t,label\nab,x\nab,y\n\xc3\xa9,x\n"
	    "\xc3\xa9,y\n";
	static const char *const text[] = { "t", NULL };
	struct table *t = load_str_with(csv, text, NULL);
	struct features_opts o;
	struct features f;
	struct err e;

	features_opts_init(&o);
	o.label_col = 1;
	o.char_ngrams = 1;
	features_build(&f, t, &o, &e);
	/* " ab ": 3-grams " ab", "ab "; 4-gram " ab "; plus the word */
	is_int(f.ptr[1] - f.ptr[0], 4, "word and three character n-grams");
	/* " é ": one 3-gram of characters, not of bytes */
	is_int(f.ptr[3] - f.ptr[2], 2, "multibyte: n-grams of characters");
	is_num(row_norm(&f, 0), 1, 1e-6, "unit length with n-grams");
	features_release(&f);
	table_free(t);
}

static void
test_cat_num(void)
{
	static const char csv[] =
	    "id,color,size,flag,label\n"
	    "1,red,1,yes,a\n"
	    "2,blue,2,no,b\n"
	    "3,red,3,yes,a\n"
	    "4,,,no,b\n"
	    "5,NA,2,yes,a\n";
	struct table *t = load_str_with(csv, NULL, "id");
	struct features_opts o;
	struct features f;
	struct err e;
	double sd = sqrt(2.0 / 4);	/* 1, 2, 3, 2: mean 2 */
	uint64_t p;
	int cols[2];

	features_opts_init(&o);
	o.label_col = 4;
	o.min_df = 1;
	if (!ok(features_build(&f, t, &o, &e) == 0, "mixed table builds"))
		diag("%s", e.msg);
	is_int(f.ncat, 2, "color and the boolean flag are categorical");
	is_int(f.nnum, 1, "size is numeric");
	is_int(f.num_col[0], 2, "the numeric column is size");
	is_num(f.num[0], -1 / sd, 1e-6, "z-score of 1");
	is_num(f.num[1], 0, 1e-6, "z-score of 2 (the mean)");
	is_num(f.num[2], 1 / sd, 1e-6, "z-score of 3");
	ok(isnan(f.num[3]), "missing number is NAN");
	/* row 3: color missing, size missing (indicator), flag */
	is_int(f.ptr[4] - f.ptr[3], 3, "missing size adds an indicator");
	is_int(f.ptr[1] - f.ptr[0], 2, "no indicator when present");
	ok(entry(&f, 0, f.idx[f.ptr[0]]) != 0, "one-hot entry");
	ok(csr_ok(&f), "CSR invariants");
	/* the same colour: the same bucket and value */
	{
		int same = 0;

		for (p = f.ptr[0]; p < f.ptr[1]; p++)
			same += entry(&f, 2, f.idx[p]) == f.val[p];
		is_int(same, 2, "rows 1 and 3 (red, yes) share both entries");
	}
	/* empty cell and NA: both missing, one value */
	{
		int shared = 0;

		for (p = f.ptr[3]; p < f.ptr[4]; p++)
			shared += entry(&f, 4, f.idx[p]) != 0;
		is_int(shared, 1, "'' and NA are the same missing colour");
	}
	features_release(&f);

	/* an explicit column list; min_df drops the rare colour */
	cols[0] = 1;
	o.cols = cols;
	o.ncols = 1;
	o.min_df = 2;
	features_build(&f, t, &o, &e);
	is_int(f.ncat, 1, "only color");
	is_int(f.ptr[2] - f.ptr[1], 0, "blue (one row) gets no feature");
	is_int(f.ptr[1] - f.ptr[0], 1, "red (two rows) does");
	is_int(f.ptr[4] - f.ptr[3], 1, "missing (two rows) does");
	features_release(&f);

	cols[0] = 4;
	is_int(features_build(&f, t, &o, &e), -1, "label as a feature");
	is_int(e.code, ERR_USAGE, "is a usage error");
	cols[0] = 9;
	is_int(features_build(&f, t, &o, &e), -1, "no such column");
	cols[0] = -1;
	is_int(features_build(&f, t, &o, &e), -1, "negative column");
	ok(f.ptr == NULL && f.n == 0, "failure leaves f empty");
	table_free(t);
}

static void
test_columns_differ(void)
{
	static const char csv[] = "a,b,label\nfoo bar,foo bar,x\n"
	    "foo bar,foo bar,y\n";
	static const char *const text[] = { "a", "b", NULL };
	struct table *t = load_str_with(csv, text, NULL);
	struct features_opts o;
	struct features f;
	struct err e;
	uint32_t ba, bb;

	features_opts_init(&o);
	o.label_col = 2;
	o.bigrams = 1;
	features_build(&f, t, &o, &e);
	ba = features_word_bucket(0, "foo", 3, 18, NULL);
	bb = features_word_bucket(1, "foo", 3, 18, NULL);
	ok(ba != bb, "the same word in two columns: two buckets");
	is_int(f.ptr[1] - f.ptr[0], 6, "two blocks of three");
	is_num(row_norm(&f, 0), sqrt(2), 1e-6,
	    "each text column block has norm 1");
	ok(csr_ok(&f), "blocks merged in order");
	features_release(&f);
	table_free(t);
}

static void
test_nothing(void)
{
	static const char csv[] = "id,label\n1,a\n2,b\n";
	struct table *t = load_str_with(csv, NULL, "id");
	struct features_opts o;
	struct features f;
	struct err e;
	atomic_int cancel = 1;
	struct progress pr = { NULL, NULL, &cancel };

	features_opts_init(&o);
	o.label_col = 1;
	is_int(features_build(&f, t, &o, &e), 0, "no feature column: fine");
	is_int(f.ptr[2], 0, "no entries");
	is_int(f.nnum, 0, "no numbers");
	ok(f.num == NULL, "no dense block");
	features_release(&f);
	features_release(NULL);
	o.progress = &pr;
	is_int(features_build(&f, t, &o, &e), -1, "cancelled");
	is_int(e.code, ERR_CANCEL, "ERR_CANCEL");
	table_free(t);
}

/*
 * Values near the largest double: the mean and the variance overflow,
 * and plain z-scores were NaN for every row (the column told the
 * checkers nothing).  The median and median deviation take over; the
 * extremes sit at the bound and the ordinary values keep their order.
 */
static void
test_extreme_numbers(void)
{
	static const char csv[] =
	    "id,x,label\n"
	    "1,0.1,a\n2,0.2,a\n3,0.3,a\n4,0.4,b\n5,0.5,b\n"
	    "6,1.7e308,a\n7,-1e308,b\n8,1e308,b\n";
	struct table *t = load_str_with(csv, NULL, "id");
	struct features_opts o;
	struct features f;
	struct err e;
	int i, finite = 1, order = 1;

	features_opts_init(&o);
	o.label_col = 2;
	if (!ok(features_build(&f, t, &o, &e) == 0, "extreme numbers build"))
		diag("%s", e.msg);
	is_int(f.nnum, 1, "x is numeric");
	for (i = 0; i < 8; i++)
		finite &= isfinite(f.num[i]) != 0;
	ok(finite, "every z-score finite");
	for (i = 1; i < 5; i++)
		order &= f.num[i] > f.num[i - 1];
	ok(order, "the ordinary values keep their order");
	cmp_ok(f.num[4] - f.num[0], >, 1, "and their spread");
	cmp_ok(f.num[5], ==, 1e4, "the largest at the upper bound");
	cmp_ok(f.num[6], ==, -1e4, "the smallest at the lower bound");
	features_release(&f);
	table_free(t);
}

int
main(void)
{
	test_extreme_numbers();
	test_tokens();
	test_text();
	test_char_ngrams();
	test_cat_num();
	test_columns_differ();
	test_nothing();
	return done_testing();
}
