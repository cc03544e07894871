# Reconciliation of the three flows (issue 6; analysis/reconcile/README.md).
libcbeccore_la_SOURCES += analysis/reconcile/reconcile.c analysis/reconcile/reconcile.h \
	analysis/reconcile/rules.c analysis/reconcile/rules.h \
	analysis/reconcile/rerun.c analysis/reconcile/rerun.h
# The rule pack is installed in $(pkgdatadir); tests read the srcdir copy ($CBECFLOW_SRCDIR/etc).
dist_pkgdata_DATA += etc/reconcile.rules
EXTRA_DIST += analysis/reconcile/README.md

# Tests: hand-built datasets (SQL inserts into a fresh store), one program per concern.
check_PROGRAMS += tests/test_reconcile tests/test_reconcile_bank tests/test_reconcile_nights
TESTS += tests/test_reconcile tests/test_reconcile_bank tests/test_reconcile_nights
tests_test_reconcile_SOURCES = tests/test_reconcile.c tests/test_reconcile_util.c tests/test_reconcile_util.h
tests_test_reconcile_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_reconcile_LDADD = tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
tests_test_reconcile_bank_SOURCES = tests/test_reconcile_bank.c tests/test_reconcile_util.c tests/test_reconcile_util.h
tests_test_reconcile_bank_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_reconcile_bank_LDADD = tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
tests_test_reconcile_nights_SOURCES = tests/test_reconcile_nights.c tests/test_reconcile_util.c tests/test_reconcile_util.h
tests_test_reconcile_nights_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_reconcile_nights_LDADD = tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
