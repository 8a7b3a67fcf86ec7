# winnow - Makefile (plain make; run ./configure first).
#
# core/, views/ and cli/ build into static libraries that the program and the
# tests both link.  Objects go under $(BUILD) (default build/), so several
# builds (plain, sanitizers) live side by side: make asan uses build/asan.

-include config.mk
ifeq ($(wildcard config.mk),)
$(error config.mk is missing: run ./configure first)
endif

BUILD ?= build
PREFIX ?= /usr/local

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wno-unused-parameter
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -pthread $(WARN) \
	$(OPTFLAGS) $(SANFLAGS) -I. $(PCRE2_CFLAGS) $(ZLIB_CFLAGS) \
	$(ZSTD_CFLAGS) $(JANSSON_CFLAGS) $(XGBOOST_CFLAGS) $(USER_CFLAGS) \
	-MMD -MP
LDFLAGS_ALL = -pthread $(SANFLAGS) $(USER_LDFLAGS)
LIBS = $(PCRE2_LIBS) $(CSV_LIBS) $(ZLIB_LIBS) $(ZSTD_LIBS) $(JANSSON_LIBS) \
	$(XGBOOST_LIBS) -lm

CORE_SRC = $(sort $(shell find core -name "*.c"))
VIEWS_SRC = $(sort $(shell find views -name "*.c"))
CLI_SRC = $(sort $(wildcard cli/*.c))
TUI_SRC = $(sort $(shell find tui -name "*.c"))

CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o)
VIEWS_OBJ = $(VIEWS_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
TUI_OBJ = $(TUI_SRC:%.c=$(BUILD)/%.o)

# The test list is explicit: a test runs because it is named here.
TESTS_BASE = \
	tests/t0000-layers.sh \
	tests/t0010-basics.c \
	tests/t0020-configure.sh
TESTS_CORE = \
	tests/t0100-csvload.c \
	tests/t0110-csvspectrum.c \
	tests/t0120-csvsyntax.c \
	tests/t0130-quotes.c \
	tests/t0140-repeated-header.c \
	tests/t0150-encoding.c \
	tests/t0160-changed-input.c \
	tests/t0170-loader-cli.sh \
	tests/t0180-write-changed-tmux.sh \
	tests/t0190-csvspan.c \
	tests/t0195-rowindex.c
# JSON Lines, compressed input and the outputs that keep the format
TESTS_FORMATS = \
	tests/t0200-jscan.c \
	tests/t0210-jsonl.c \
	tests/t0220-formats-cli.sh \
	tests/t0230-zload.c \
	tests/t4080-export-formats.sh \
	tests/t4090-jsonlexport.c
# one list per area, so that work on different areas never collides
TESTS_STATS = \
	tests/t1000-stats.c \
	tests/t1010-hist.c \
	tests/t1020-assoc.c \
	tests/t1030-sample.c \
	tests/t1040-crosstab.c \
	tests/t1045-labelhealth.c \
	tests/t1060-summary.c \
	tests/t1070-cli-numbers.sh \
	tests/t1050-stats-cli.sh \
	tests/t1080-sketch.c \
	tests/t1090-msum.c \
	tests/t1095-stats-stream.sh \
	tests/t1096-stats-dask.sh \
	tests/t1097-stats-formats.sh
TESTS_RX = \
	tests/t1500-rx.c \
	tests/t1510-filter.c
TESTS_CL = \
	tests/t3000-cl-golden.c \
	tests/t3001-cl.c \
	tests/t3002-probs.c
TESTS_ML = \
	tests/t2000-features.c \
	tests/t2010-nb.c \
	tests/t2020-lr.c \
	tests/t2021-lbfgs.c \
	tests/t2022-knn.c \
	tests/t2023-mix.c \
	tests/t2024-gbt.c \
	tests/t2030-folds.c \
	tests/t2040-pool.c \
	tests/t2050-oof.c
TESTS_PICO = \
	tests/t3100-vote.c \
	tests/t3110-pico.c \
	tests/t3150-pico-cli.sh \
	tests/t3155-pico-little.sh \
	tests/t3200-bigk.c \
	tests/t3201-bigk-picorun.c \
	tests/t3220-manyk.c \
	tests/t3210-bigk-cli.sh
TESTS_SHARD = \
	tests/t3300-pico-shard.sh \
	tests/t3330-shard-review.sh \
	tests/t3340-export-dask.sh \
	tests/t3310-pico-dask.sh \
	tests/t3320-shard-model.c
TESTS_JOURNAL = \
	tests/t4000-journal.c \
	tests/t4010-export.c \
	tests/t4020-jmerge.c \
	tests/t4030-report.c \
	tests/t4040-cli.sh \
	tests/t4050-journal-faults.c \
	tests/t4060-outfile.c \
	tests/t4070-outputs-cli.sh \
	tests/t4075-export-parts.sh
# a helper that t4040 runs to write journals (not a test itself)
EXTRA_TEST_C += tests/jtool.c
TESTS_VIEWS = \
	tests/t5000-canvas.c \
	tests/t5010-fmt.c \
	tests/t5020-listview.c \
	tests/t5100-screens.sh
TESTS_TUI = \
	tests/t6000-keymap.c \
	tests/t6010-prompt.c \
	tests/t6020-jobs.c \
	tests/t6030-man.sh \
	tests/t6040-keywalk.sh \
	tests/t6050-deps.sh \
	tests/t6060-commands.sh \
	tests/t6070-help80.sh \
	tests/t6100-tmux.sh
TESTS_REVIEW = \
	tests/t4100-review.c \
	tests/t4110-reviewloop.c \
	tests/t4140-explain.c \
	tests/t4120-review-cli.sh \
	tests/t6200-review-tmux.sh \
	tests/t6210-accident-tmux.sh
# the workbench's table tools: sorting, searching, copying, saving, the
# read-only mode and what a reopen remembers
TESTS_WORKBENCH = \
	tests/t0040-rowsort.c \
	tests/t0030-copy.c \
	tests/t4130-review-readonly.c \
	tests/t6300-workbench.sh \
	tests/t6310-readonly-tmux.sh \
	tests/t6320-reopen.sh \
	tests/t6330-copy-tmux.sh
TESTS = $(TESTS_BASE) $(TESTS_CORE) $(TESTS_STATS) $(TESTS_RX) \
	$(TESTS_FORMATS) $(TESTS_CL) $(TESTS_ML) $(TESTS_PICO) $(TESTS_SHARD) \
	$(TESTS_JOURNAL) \
	$(TESTS_VIEWS) $(TESTS_TUI) $(TESTS_REVIEW) $(TESTS_WORKBENCH)

TEST_C = $(filter %.c,$(TESTS)) $(EXTRA_TEST_C)
TEST_BIN = $(TEST_C:tests/%.c=$(BUILD)/tests/%)

all: $(BUILD)/winnow
ifeq ($(BUILD),build)
all: winnow
winnow: $(BUILD)/winnow
	ln -sf $(BUILD)/winnow winnow
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The terminal back end is the one file that sees curses.
$(BUILD)/tui/backend/term.o: tui/backend/term.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(CURSES_CFLAGS) -c -o $@ $<

# tests link the front end too (all of tui/ but main.o), for its key
# tables, prompts and jobs; only what a test uses is pulled in
TUI_LIB_OBJ = $(filter-out $(BUILD)/tui/main.o,$(TUI_OBJ))

# the static libraries: each is its objects, archived by one rule
$(BUILD)/libcore.a: $(CORE_OBJ)
$(BUILD)/libviews.a: $(VIEWS_OBJ)
$(BUILD)/libcli.a: $(CLI_OBJ)
$(BUILD)/libtui.a: $(TUI_LIB_OBJ)
$(BUILD)/lib%.a:
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/winnow: $(TUI_OBJ) $(BUILD)/libcli.a $(BUILD)/libviews.a \
		$(BUILD)/libcore.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(TUI_OBJ) $(BUILD)/libcli.a \
		$(BUILD)/libviews.a $(BUILD)/libcore.a $(CURSES_LIBS) $(LIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libtui.a $(BUILD)/libcli.a \
		$(BUILD)/libviews.a $(BUILD)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libtui.a \
		$(BUILD)/libcli.a $(BUILD)/libviews.a $(BUILD)/libcore.a \
		$(CURSES_LIBS) $(LIBS)

tests: $(BUILD)/winnow $(TEST_BIN)

check: tests
	SRCDIR=$(CURDIR) BUILD=$(abspath $(BUILD)) \
	WINNOW=$(abspath $(BUILD)/winnow) \
	prove -j2 -e tests/run-test.sh $(PROVEFLAGS) $(TESTS)

ASAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

asan:
	$(MAKE) BUILD=build/asan OPTFLAGS='-O1 -g' SANFLAGS='$(ASAN_FLAGS)' \
		WINNOW_SANITIZED=1 check

valgrind: tests
	@for t in $(TEST_C); do n=$$(basename $$t .c); \
	  echo "== $$n"; \
	  SRCDIR=$(CURDIR) BUILD=$(abspath $(BUILD)) WINNOW_NO_JIT=1 \
	  valgrind -q --error-exitcode=99 --leak-check=full \
	    $(BUILD)/tests/$$n >/dev/null || exit 1; done

# The benchmark's helpers: a data generator and a wall-time/RSS meter.
$(BUILD)/bench/gen: bench/gen.c core/util/rng.h
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I. -o $@ bench/gen.c -lm

$(BUILD)/bench/timeit: bench/timeit.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_DEFAULT_SOURCE -O2 -o $@ bench/timeit.c

bench: all $(BUILD)/bench/gen $(BUILD)/bench/timeit
	SRCDIR=$(CURDIR) BUILD=$(abspath $(BUILD)) \
	WINNOW=$(abspath $(BUILD)/winnow) CC='$(CC)' sh bench/run.sh

# Speed programs: $(BUILD)/bench/NAME from bench/NAME.c, run by make bench.
BENCH_SRC = bench/journal_bench.c bench/oof_bench.c bench/eval.c \
	bench/bigk_bench.c bench/tojsonl.c bench/jsonl_bench.c
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
bench: $(BENCH_BIN)
benches: $(BENCH_BIN)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libcore.a $(LIBS)

# the eval runs PICO as `winnow pico` does: it loads through cli/
$(BUILD)/bench/eval: bench/eval.c $(BUILD)/libcli.a $(BUILD)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libcli.a \
		$(BUILD)/libcore.a $(LIBS)

# make eval [EVAL_DATA=DIR] [EVAL_SEEDS=...] ...: see bench/eval.sh;
# eval-quick: one noise seed; eval-variants: PICO's options compared
EVAL_RUN = SRCDIR=$(CURDIR) BUILD=$(abspath $(BUILD)) sh bench/eval.sh
eval: all $(BUILD)/bench/eval
	$(EVAL_RUN)

eval-quick: all $(BUILD)/bench/eval
	EVAL_SEEDS="$${EVAL_SEEDS:-1}" $(EVAL_RUN)

eval-variants: all $(BUILD)/bench/eval
	$(EVAL_RUN) variants

# libFuzzer targets for the parsers (clang); FUZZ_SECONDS each
fuzz:
	SRCDIR=$(CURDIR) BUILD=$(abspath $(BUILD)) \
	    FUZZ_CFLAGS="$(PCRE2_CFLAGS) $(ZLIB_CFLAGS) $(ZSTD_CFLAGS) \
	    $(JANSSON_CFLAGS) $(XGBOOST_CFLAGS)" FUZZ_LIBS="$(LIBS)" \
	    sh fuzz/run.sh

install: $(BUILD)/winnow
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	cp $(BUILD)/winnow $(DESTDIR)$(PREFIX)/bin/winnow
	cp docs/winnow.1 $(DESTDIR)$(PREFIX)/share/man/man1/winnow.1

# Rewrite the golden screens from the current program (on purpose only:
# review git diff tests/screens afterwards).
regen-screens: $(BUILD)/winnow
	SRCDIR=$(CURDIR) WINNOW=$(abspath $(BUILD)/winnow) REGEN=1 \
	LC_ALL=C.UTF-8 sh tests/t5100-screens.sh

# Rewrite the KEYS section of the man page from the key tables.
regen-man: $(BUILD)/winnow
	{ sed '/^\.\\" BEGIN KEYS$$/q' docs/winnow.1; \
	  $(BUILD)/winnow --keys-man; \
	  sed -n '/^\.\\" END KEYS$$/,$$p' docs/winnow.1; } >docs/winnow.1.new
	mv docs/winnow.1.new docs/winnow.1

clean:
	rm -rf build winnow

.PHONY: all tests check asan valgrind bench benches eval eval-quick \
	eval-variants fuzz install clean \
	regen-screens regen-man

-include $(CORE_OBJ:.o=.d) $(VIEWS_OBJ:.o=.d) $(CLI_OBJ:.o=.d) \
	$(TUI_OBJ:.o=.d) \
	$(TEST_BIN:=.d) $(BENCH_BIN:=.d)
