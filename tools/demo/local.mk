# The demo night generator (`cbecflow demo`, issue 3): part of the core library.
# One file per concern, the shared generator state in gen.h (see there).
libcbeccore_la_SOURCES += tools/demo/demo.h tools/demo/gen.h tools/demo/catalog.c tools/demo/catalog.h \
	tools/demo/gen.c tools/demo/generate.c tools/demo/scenarios.c tools/demo/trades.c tools/demo/customs.c \
	tools/demo/xmlout.c tools/demo/sink.c tools/demo/csvout.c tools/demo/exports.c tools/demo/postal.c \
	tools/demo/bank.c tools/demo/mt940.c tools/demo/credit.c tools/demo/conf.c

# Tests of the generator: determinism, layout, truth vs messages, bank statement;
# the official-XSD check (skips without xmllint or ../shared/conformance);
# end to end: a generated night ingested with the ceb plugin.
DEMO_TEST_SRC = tests/test_demo_scan.c tests/test_demo_scan.h
check_PROGRAMS += tests/test_demo tests/test_demo_xsd tests/test_demo_ingest
TESTS += tests/test_demo tests/test_demo_xsd tests/test_demo_ingest
tests_test_demo_SOURCES = tests/test_demo.c $(DEMO_TEST_SRC)
tests_test_demo_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_demo_LDADD = tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
tests_test_demo_xsd_SOURCES = tests/test_demo_xsd.c $(DEMO_TEST_SRC)
tests_test_demo_xsd_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_demo_xsd_LDADD = tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
tests_test_demo_ingest_SOURCES = tests/test_demo_ingest.c $(DEMO_TEST_SRC)
tests_test_demo_ingest_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_demo_ingest_LDADD = tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
EXTRA_DIST += tools/demo/README.md
