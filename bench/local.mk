# bench: `make bench [BENCH_TRADES=N] [BENCH_SHAPES="indented compact"]` generates a demo night of N trades
# (default 100000) per XML shape, ingests and reconciles it and prints wall and CPU, MB/s, records/s
# and peak RSS next to the time of `xmllint --stream --noout` over the same XML
# (bench/run; issue 3 item 7).  bench_extract unpacks the drops for xmllint.
check_PROGRAMS += bench/bench_extract
bench_bench_extract_SOURCES = bench/extract.c
bench_bench_extract_CFLAGS = $(AM_CFLAGS) $(ARCHIVE_CFLAGS) $(GLIB_CFLAGS)
bench_bench_extract_LDADD = $(ARCHIVE_LIBS) $(GLIB_LIBS)
EXTRA_DIST += bench/run bench/naive.py
BENCH_TRADES = 100000
BENCH_SHAPES = indented compact
bench: all bench/bench_extract$(EXEEXT)
	CBECFLOW='$(abs_builddir)/cbecflow' CBECFLOW_PLUGIN_PATH='$(abs_builddir)/.libs' CBECFLOW_SRCDIR='$(abs_top_srcdir)' \
	BENCH_EXTRACT='$(abs_builddir)/bench/bench_extract' BENCH_TRADES='$(BENCH_TRADES)' BENCH_SHAPES='$(BENCH_SHAPES)' \
	$(SHELL) '$(srcdir)/bench/run'
.PHONY: bench

# `make bench-region [REGION_ZONES=10 REGION_NIGHTS=30 REGION_TRADES=10000]`: zones' nights built,
# published into one PostgreSQL warehouse (a throw-away cluster unless REGION_URI is set) and the
# region's statistics report rendered from it, each timed (bench/region; issue 20 item 4).
EXTRA_DIST += bench/region
REGION_ZONES = 10
REGION_NIGHTS = 30
REGION_TRADES = 10000
bench-region: all
	CBECFLOW='$(abs_builddir)/cbecflow' CBECFLOW_PLUGIN_PATH='$(abs_builddir)/.libs' CBECFLOW_SRCDIR='$(abs_top_srcdir)' \
	REGION_ZONES='$(REGION_ZONES)' REGION_NIGHTS='$(REGION_NIGHTS)' REGION_TRADES='$(REGION_TRADES)' \
	$(SHELL) '$(srcdir)/bench/region'
.PHONY: bench-region
