# enterprise: the enterprise register and its credit events (CSV/XLSX through the host's tabular reader).
plugin_LTLIBRARIES += enterprise.la
enterprise_la_SOURCES = plugins/enterprise/enterprise.c
enterprise_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
enterprise_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)

check_PROGRAMS += tests/test_enterprise
TESTS += tests/test_enterprise
tests_test_enterprise_SOURCES = tests/test_enterprise.c
tests_test_enterprise_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_enterprise_LDADD = tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
EXTRA_DIST += tests/fixtures/credit/register_zh.csv tests/fixtures/credit/events_en.csv

# The credit and risk report templates (issue 8), next to the report engine's own
# (templatesdir comes from reports/local.mk, included before this fragment).
dist_templates_DATA += templates/credit.tpl templates/risk.tpl

# End to end on the demo night: alerts vs truth.tsv, grades, reports (needs pdftotext, poppler-utils).
check_PROGRAMS += tests/test_risk_demo
TESTS += tests/test_risk_demo
tests_test_risk_demo_SOURCES = tests/test_risk_demo.c
tests_test_risk_demo_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_risk_demo_LDADD = tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
