# libFuzzer targets (./configure CC=clang --enable-fuzzing; see tests/fuzz/README.md).
# `make fuzz-smoke` builds them, makes the seed corpora from the test fixtures and runs
# each for FUZZ_SECONDS (default 30) with ASan/UBSan: any crash, leak-free abort, timeout
# (10 s an input) or RSS over 1.5 GB (ASan's shadow included) fails it.
EXTRA_DIST += tests/fuzz/fuzz_ingest.c tests/fuzz/seeds tests/fuzz/README.md tests/fuzz/lsan.supp
if FUZZING
FUZZ_TARGETS = tests/fuzz/fuzz_walk tests/fuzz/fuzz_ceb tests/fuzz/fuzz_bank tests/fuzz/fuzz_tabular
EXTRA_PROGRAMS = $(FUZZ_TARGETS)
CLEANFILES += $(FUZZ_TARGETS)
FUZZ_CFLAGS = $(AM_CFLAGS) $(CORE_DEP_CFLAGS)
FUZZ_LDADD = libcbeccore.la $(CORE_DEP_LIBS)
tests_fuzz_fuzz_walk_SOURCES = tests/fuzz/fuzz_ingest.c
tests_fuzz_fuzz_walk_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_walk_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_walk_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_ceb_SOURCES = tests/fuzz/fuzz_ingest.c
tests_fuzz_fuzz_ceb_CFLAGS = $(FUZZ_CFLAGS) -DFUZZ_FAMILY='"ceb"'
tests_fuzz_fuzz_ceb_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ceb_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_bank_SOURCES = tests/fuzz/fuzz_ingest.c
tests_fuzz_fuzz_bank_CFLAGS = $(FUZZ_CFLAGS) -DFUZZ_FAMILY='"bank"'
tests_fuzz_fuzz_bank_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_bank_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_tabular_SOURCES = tests/fuzz/fuzz_ingest.c
tests_fuzz_fuzz_tabular_CFLAGS = $(FUZZ_CFLAGS) -DFUZZ_FAMILY='"tabular"'
tests_fuzz_fuzz_tabular_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_tabular_LDADD = $(FUZZ_LDADD)

FUZZ_SECONDS = 30
fuzz-smoke: all $(FUZZ_TARGETS)
	@CBECFLOW_PLUGIN_PATH='$(abs_builddir)/.libs' FUZZ_SECONDS='$(FUZZ_SECONDS)' \
	  LSAN_OPTIONS='suppressions=$(abs_top_srcdir)/tests/fuzz/lsan.supp' \
	  $(SHELL) '$(srcdir)/tests/fuzz/seeds' '$(abs_top_srcdir)' '$(abs_builddir)/tests/fuzz' $(FUZZ_TARGETS)
else
fuzz-smoke:
	@echo "fuzz-smoke: configure with CC=clang --enable-fuzzing first" >&2; exit 2
endif
.PHONY: fuzz-smoke
