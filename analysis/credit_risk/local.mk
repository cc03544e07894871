# Credit scorecard, negative list and risk rule pack (issue 8; analysis/credit_risk/README.md).
libcbeccore_la_SOURCES += analysis/credit_risk/analyse.c analysis/credit_risk/analyse.h \
	analysis/credit_risk/counts.h \
	analysis/credit_risk/credit.c analysis/credit_risk/credit.h analysis/credit_risk/risk.c analysis/credit_risk/risk.h \
	analysis/credit_risk/handling.c analysis/credit_risk/handling.h
# The rule packs are installed next to the templates and read from $(pkgdatadir).
dist_pkgdata_DATA += etc/credit.rules etc/risk.rules

# Tests: hand-built datasets (SQL inserts into a fresh store).
check_LTLIBRARIES += tests/libtestriskdata.la
tests_libtestriskdata_la_SOURCES = tests/test_risk_data.c tests/test_risk_data.h
tests_libtestriskdata_la_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
check_PROGRAMS += tests/test_risk tests/test_credit
TESTS += tests/test_risk tests/test_credit
tests_test_risk_SOURCES = tests/test_risk.c
tests_test_risk_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_risk_LDADD = tests/libtestriskdata.la tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
tests_test_credit_SOURCES = tests/test_credit.c
tests_test_credit_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_credit_LDADD = tests/libtestriskdata.la tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
EXTRA_DIST += analysis/credit_risk/README.md
# cbecflow alert list|ack|close and the handling status across nights (handling.h).
check_PROGRAMS += tests/test_alert
TESTS += tests/test_alert
tests_test_alert_SOURCES = tests/test_alert.c
tests_test_alert_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_alert_LDADD = tests/libtestriskdata.la tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
# The credit and risk reports' tables against hand-built datasets (reports/providers/credit_risk.c).
check_PROGRAMS += tests/test_cr_report
TESTS += tests/test_cr_report
tests_test_cr_report_SOURCES = tests/test_cr_report.c
tests_test_cr_report_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_cr_report_LDADD = tests/libtestriskdata.la tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
