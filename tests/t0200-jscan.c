/*
 * t0200-jscan - the JSON Lines scanner against the conformance cases
 * (after JSONTestSuite's y_/n_/i_ kinds, one line each) and against
 * jansson, its reference: every case's verdict is written down here,
 * and jansson must give the same one (a number too big for jansson is
 * the one difference jscan.h allows).  Accepted lines' values are
 * compared with jansson's, and seeded mutations of valid lines must be
 * judged alike by both.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/jsonl/jscan.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"

#define JFLAGS (JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

/* jansson's verdict: 1 object, 0 not one, 2 refused for a number's
 * size only. */
static int
jansson_verdict(const char *p, size_t n)
{
	json_error_t je;
	json_t *j = json_loadb(p, n, JFLAGS, &je);
	int v;

	if (!j)
		return json_error_code(&je) == json_error_numeric_overflow ?
		    2 : 0;
	v = json_is_object(j);
	json_decref(j);
	return v;
}

/* The jansson value at item i's key path. */
static json_t *
at_path(json_t *root, const struct jscan *s, size_t i)
{
	const struct jscan_item *it = &s->it[i];
	json_t *parent;
	const char *k;
	size_t kn;

	parent = it->parent < 0 ? root : at_path(root, s, (size_t)it->parent);
	if (!parent)
		return NULL;
	k = jscan_key(s, it, &kn);
	return json_object_getn(parent, k, kn);
}

/* Every item of an accepted line holds what jansson read there. */
static int
same_values(const struct jscan *s, const char *p, size_t n, char *why,
    size_t cap)
{
	json_error_t je;
	json_t *root = json_loadb(p, n, JFLAGS | JSON_DECODE_INT_AS_REAL, &je);
	size_t i, len;
	int good = 1;

	if (!root) {
		snprintf(why, cap, "jansson: %s", je.text);
		return json_error_code(&je) == json_error_numeric_overflow;
	}
	for (i = 0; i < s->nit && good; i++) {
		const struct jscan_item *it = &s->it[i];
		json_t *v = at_path(root, s, i), *raw;
		const char *str;

		if (!v) {
			snprintf(why, cap, "item %zu: no such path", i);
			good = 0;
			break;
		}
		switch (it->kind) {
		case JSCAN_STRING:
			str = jscan_str(s, it, &len);
			good = json_is_string(v) && json_string_length(v) ==
			    len && memcmp(json_string_value(v), str, len) == 0;
			break;
		case JSCAN_NUMBER:
			good = json_is_number(v) && json_number_value(v) ==
			    strtod(p + it->vs, NULL);
			break;
		case JSCAN_NULL: good = json_is_null(v); break;
		case JSCAN_TRUE: good = json_is_true(v); break;
		case JSCAN_FALSE: good = json_is_false(v); break;
		case JSCAN_OBJECT:
			good = json_is_object(v) && json_object_size(v) ==
			    it->nmemb;
			break;
		default:
			raw = json_loadb(p + it->vs, it->ve - it->vs, JFLAGS |
			    JSON_DECODE_INT_AS_REAL, &je);
			good = raw && json_equal(raw, v);
			json_decref(raw);
		}
		if (!good)
			snprintf(why, cap, "item %zu (%s) differs", i,
			    jscan_kind_name((enum jscan_kind)it->kind));
	}
	json_decref(root);
	return good;
}

struct jcase {
	const char *name;
	const char *line;	/* NULL: built by the test */
	int want;		/* 1 an object, -1 refused, 0 blank */
	int big;		/* a number jansson cannot hold */
};

static const struct jcase cases[] = {
	{ "y_empty_object", "{}", 1, 0 },
	{ "y_one_member", "{\"a\":1}", 1, 0 },
	{ "y_whitespace", " \t{ \"a\" :\t1 , \"b\":2 }\t ", 1, 0 },
	{ "y_crlf_rest", "{\"a\":1}\r", 1, 0 },
	{ "y_escapes", "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", 1, 0 },
	{ "y_u_escape", "{\"a\":\"caf\\u00e9 \\u00E9\"}", 1, 0 },
	{ "y_surrogate_pair", "{\"a\":\"\\ud83d\\ude00\"}", 1, 0 },
	{ "y_u0000_value", "{\"a\":\"x\\u0000y\"}", 1, 0 },
	{ "y_noncharacter", "{\"a\":\"\\uffff\\ufdd0\"}", 1, 0 },
	{ "y_raw_utf8", "{\"a\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}",
	    1, 0 },
	{ "y_escaped_key", "{\"k\\u00e9y\":1,\"k\\\"\":2}", 1, 0 },
	{ "y_empty_key", "{\"\":1}", 1, 0 },
	{ "y_literals", "{\"a\":null,\"b\":true,\"c\":false}", 1, 0 },
	{ "y_numbers", "{\"a\":-0,\"b\":0.5,\"c\":-1.5E-10,\"d\":1e+2,"
	    "\"e\":12345678901234567}", 1, 0 },
	{ "i_huge_exponent", "{\"a\":1e400}", 1, 1 },
	{ "i_huge_integer", "{\"a\":123456789012345678901234567890}", 1, 1 },
	{ "i_huge_negative", "{\"a\":-123456789012345678901234567890}",
	    1, 1 },
	{ "y_tiny_real", "{\"a\":1e-400}", 1, 0 },
	{ "y_nested", "{\"a\":{\"b\":{\"c\":1},\"d\":[]},\"e\":{}}", 1, 0 },
	{ "y_array_of_objects", "{\"a\":[1,{\"b\":2,\"c\":[{}]},[]]}", 1, 0 },
	{ "y_same_key_elsewhere", "{\"a\":{\"a\":1},\"b\":[{\"a\":1},"
	    "{\"a\":2}]}", 1, 0 },
	{ "y_blank", "   \t\r", 0, 0 },
	{ "y_empty", "", 0, 0 },
	{ "n_trailing_comma", "{\"a\":1,}", -1, 0 },
	{ "n_unterminated", "{\"a\":1", -1, 0 },
	{ "n_unterminated_string", "{\"a\":\"xy", -1, 0 },
	{ "n_single_quotes", "{'a':1}", -1, 0 },
	{ "n_bare_key", "{a:1}", -1, 0 },
	{ "n_missing_colon", "{\"a\" 1}", -1, 0 },
	{ "n_leading_zero", "{\"a\":01}", -1, 0 },
	{ "n_point_no_digits", "{\"a\":1.}", -1, 0 },
	{ "n_leading_point", "{\"a\":.5}", -1, 0 },
	{ "n_exponent_no_digits", "{\"a\":1e}", -1, 0 },
	{ "n_plus", "{\"a\":+1}", -1, 0 },
	{ "n_minus_alone", "{\"a\":-}", -1, 0 },
	{ "n_hex", "{\"a\":0x10}", -1, 0 },
	{ "n_nan", "{\"a\":NaN}", -1, 0 },
	{ "n_bad_escape", "{\"a\":\"\\x41\"}", -1, 0 },
	{ "n_short_u_escape", "{\"a\":\"\\u12\"}", -1, 0 },
	{ "n_u_escape_not_hex", "{\"a\":\"\\u12G4\"}", -1, 0 },
	{ "n_lone_high_surrogate", "{\"a\":\"\\ud800\"}", -1, 0 },
	{ "n_lone_high_at_end", "{\"a\":\"x\\uDBFF\"}", -1, 0 },
	{ "n_lone_low_surrogate", "{\"a\":\"\\udc00\"}", -1, 0 },
	{ "n_high_then_other", "{\"a\":\"\\ud800\\u0041\"}", -1, 0 },
	{ "n_high_then_high", "{\"a\":\"\\ud800\\ud800\"}", -1, 0 },
	{ "n_raw_tab", "{\"a\":\"x\ty\"}", -1, 0 },
	{ "n_raw_nul", "{\"a\":\"x\0y\"}", -1, 0 },
	{ "n_invalid_utf8", "{\"a\":\"\xff\"}", -1, 0 },
	{ "n_overlong_utf8", "{\"a\":\"\xc0\xaf\"}", -1, 0 },
	{ "n_utf8_surrogate", "{\"a\":\"\xed\xa0\x80\"}", -1, 0 },
	{ "n_utf8_beyond", "{\"a\":\"\xf4\x90\x80\x80\"}", -1, 0 },
	{ "n_utf8_cut", "{\"a\":\"\xe2\x82\"}", -1, 0 },
	{ "n_two_objects", "{\"a\":1}{\"b\":2}", -1, 0 },
	{ "n_text_after", "{\"a\":1} x", -1, 0 },
	{ "n_duplicate_key", "{\"a\":1,\"a\":2}", -1, 0 },
	{ "n_duplicate_escaped", "{\"a\":1,\"\\u0061\":2}", -1, 0 },
	{ "n_duplicate_nested", "{\"a\":{\"b\":1,\"b\":2}}", -1, 0 },
	{ "n_duplicate_in_array", "{\"a\":[{\"b\":1,\"b\":2}]}", -1, 0 },
	{ "n_nul_in_key", "{\"\\u0000\":1}", -1, 0 },
	{ "n_array_line", "[1,2]", -1, 0 },
	{ "n_string_line", "\"abc\"", -1, 0 },
	{ "n_number_line", "42", -1, 0 },
	{ "n_null_line", "null", -1, 0 },
	{ "n_truncated_true", "{\"a\":tru}", -1, 0 },
	{ "n_capital_true", "{\"a\":True}", -1, 0 },
	{ "n_true_then_letters", "{\"a\":truex}", -1, 0 },
	{ "n_bom_in_line", "\xef\xbb\xbf{\"a\":1}", -1, 0 },
	{ "n_comment", "{\"a\":1 /* c */}", -1, 0 },
	{ "n_unclosed_array", "{\"a\":[1,2}", -1, 0 },
	{ "n_array_trailing_comma", "{\"a\":[1,]}", -1, 0 },
};

/* Scan line; the verdict both ways, and the values when accepted. */
static void
check_line(const char *name, const char *p, size_t n, int want, int big)
{
	struct jscan s;
	int r, jv;
	char why[256] = "";

	jscan_init(&s);
	r = jscan_line(&s, p, n);
	if (!ok(r == want, "%s: jscan says %d", name, want))
		diag("got %d (%s at %zu)", r, s.why, s.errpos);
	if (want != 0) {
		jv = jansson_verdict(p, n);
		if (big)
			ok(jv == 2, "%s: jansson refuses the number's size",
			    name);
		else
			ok(jv == (want == 1), "%s: jansson agrees", name);
	}
	if (r == 1 && !ok(same_values(&s, p, n, why, sizeof why),
	    "%s: values as jansson reads them", name))
		diag("%s", why);
	jscan_release(&s);
}

/* An object holding depth - 1 nested arrays: its innermost value sits
 * at depth `depth`. */
static char *
nested(int arrays, size_t *n)
{
	char *p = xmalloc((size_t)arrays * 2 + 16);
	size_t o = 0;
	int i;

	o += (size_t)sprintf(p, "{\"a\":");
	for (i = 0; i < arrays; i++)
		p[o++] = '[';
	for (i = 0; i < arrays; i++)
		p[o++] = ']';
	p[o++] = '}';
	p[o] = '\0';
	*n = o;
	return p;
}

static void
test_depth(void)
{
	size_t n;
	char *p;

	/* the object is depth 1, the outermost array 2, the innermost
	 * arrays + 1: jansson's limit is 2048 */
	p = nested(JSCAN_MAX_DEPTH - 1, &n);
	check_line("y_nesting_at_limit", p, n, 1, 0);
	free(p);
	p = nested(JSCAN_MAX_DEPTH, &n);
	check_line("n_nesting_past_limit", p, n, -1, 0);
	free(p);
	p = nested(100000, &n);
	check_line("n_nesting_100000", p, n, -1, 0);
	free(p);
}

/* Objects past the size that is checked key by key. */
static void
test_big_objects(void)
{
	char *p = xmalloc(64 * 1024);
	size_t o;
	int i;

	o = (size_t)sprintf(p, "{");
	for (i = 0; i < 500; i++)
		o += (size_t)sprintf(p + o, "%s\"k%d\":%d", i ? "," : "", i, i);
	o += (size_t)sprintf(p + o, "}");
	check_line("y_500_keys", p, o, 1, 0);
	/* a key repeated far apart */
	p[o - 1] = ',';
	o += (size_t)sprintf(p + o, "\"k250\":1}");
	check_line("n_500_keys_one_repeated", p, o, -1, 0);
	{
		struct jscan s;

		jscan_init(&s);
		jscan_line(&s, p, o);
		ok(strstr(s.why, "k250") != NULL, "the repeated key is named");
		jscan_release(&s);
	}
	free(p);
}

static void
test_items(void)
{
	struct jscan s;
	const char *line = "{\"text\":\"a\\nb\",\"meta\":{\"source\":\"x\","
	    "\"n\":[1, 2]},\"e\":{},\"z\":null}";
	size_t n;
	const char *k;

	jscan_init(&s);
	is_int(jscan_line(&s, line, strlen(line)), 1, "the line is an object");
	is_int((long long)s.nit, 6, "six items: text, meta, source, n, e, z");
	k = jscan_key(&s, &s.it[2], &n);
	ok(n == 6 && memcmp(k, "source", 6) == 0 && s.it[2].parent == 1,
	    "meta.source's parent is meta");
	k = jscan_str(&s, &s.it[0], &n);
	ok(n == 3 && memcmp(k, "a\nb", 3) == 0 && s.it[0].str_dec,
	    "an escaped string is decoded");
	ok(s.it[3].kind == JSCAN_ARRAY && s.it[3].ve - s.it[3].vs == 6 &&
	    memcmp(line + s.it[3].vs, "[1, 2]", 6) == 0,
	    "an array is one item spanning its text as written");
	ok(s.it[4].kind == JSCAN_OBJECT && s.it[4].nmemb == 0,
	    "an empty object is an item with no members");
	ok(line[s.close] == '}' && s.close == strlen(line) - 1,
	    "the closing brace is known");
	ok(line[s.it[1].ve - 1] == '}' && s.it[1].nmemb == 2,
	    "a nested object spans its braces");
	is_int(jscan_line(&s, "{\"a\":1,}", 8), -1, "a bad line fails");
	is_int((long long)s.errpos, 7, "at the byte at fault");
	ok(jscan_is_number("-12.5e3", 7) && !jscan_is_number("12a", 3) &&
	    !jscan_is_number("", 0) && !jscan_is_number("01", 2),
	    "jscan_is_number");
	jscan_release(&s);
}

/*
 * Seeded mutations of valid lines: a byte changed, inserted, deleted,
 * or the line cut short.  Whatever the scanner says, jansson must say
 * too.
 */
static void
test_mutations(void)
{
	static const char *const seeds[] = {
		"{\"text\":\"caf\\u00e9 \\ud83d\\ude00\",\"label\":\"a\","
		    "\"meta\":{\"source\":\"x\",\"n\":[1,2.5e3,{\"b\":null}]}}",
		"{\"a\":true,\"b\":false,\"c\":-0.25,\"d\":\"\xc3\xa9\","
		    "\"e\":{\"f\":{}}}",
		"{\"k\":[[[\"\\\"\\\\\"]]],\"l\":\"\\t\"}",
	};
	static const char alphabet[] = "{}[]\":,\\u0123456789abcdefnrtul.-+eE "
	    "\xc3\xa9\xed\xa0\x80\xff";
	struct rng r;
	struct jscan s;
	char buf[256];
	int i, disagree = 0, accepted = 0, rounds = 20000;
	size_t n, pos;

	rng_seed(&r, 13, 0);
	jscan_init(&s);
	for (i = 0; i < rounds; i++) {
		const char *seed = seeds[rng_below(&r, 3)];
		int sv, jv;

		n = strlen(seed);
		memcpy(buf, seed, n);
		pos = rng_below(&r, n);
		switch (rng_below(&r, 4)) {
		case 0:
			buf[pos] = alphabet[rng_below(&r, sizeof alphabet - 1)];
			break;
		case 1:
			memmove(buf + pos + 1, buf + pos, n - pos);
			buf[pos] = alphabet[rng_below(&r, sizeof alphabet - 1)];
			n++;
			break;
		case 2:
			memmove(buf + pos, buf + pos + 1, n - pos - 1);
			n--;
			break;
		default:
			n = pos;
		}
		sv = jscan_line(&s, buf, n);
		if (sv == 0)
			continue;
		jv = jansson_verdict(buf, n);
		if (jv == 2)
			continue;
		accepted += sv == 1;
		if ((sv == 1) != (jv == 1) && disagree++ < 5)
			diag("disagree on '%.*s': jscan %d (%s), jansson %d",
			    (int)n, buf, sv, s.why, jv);
	}
	jscan_release(&s);
	is_int(disagree, 0, "20000 mutated lines: jscan and jansson agree");
	ok(accepted > 100 && accepted < rounds - 100,
	    "the mutations were both accepted and refused (%d accepted)",
	    accepted);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct jcase *c = &cases[i];
		size_t n = strlen(c->line);

		/* the raw NUL case holds a NUL: its length is known */
		if (strcmp(c->name, "n_raw_nul") == 0)
			n = 11;
		check_line(c->name, c->line, n, c->want, c->big);
	}
	test_depth();
	test_big_objects();
	test_items();
	test_mutations();
	return done_testing();
}
