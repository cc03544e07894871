# Reports: the template-driven XLSX and PDF renderers, the statistics indicator
# catalogue and the reconciliation, credit and risk reports.  See reports/README.md.
# reports/model: the document model (scalars, tables, detail queries) and templates.
# reports/providers: the dataset turned into a model, one provider per report kind.
# reports/render: a model and its template turned into XLSX or PDF.
# reports/report.c: pick the provider and the renderer, write atomically.
libcbeccore_la_SOURCES += \
	reports/model/model.c reports/model/model.h \
	reports/model/template.c reports/model/template.h \
	reports/providers/providers.c reports/providers/providers.h reports/providers/context.h \
	reports/providers/statistics.c reports/providers/statistics.h reports/providers/catalogue.c reports/providers/catalogue.h \
	reports/providers/targets.c reports/providers/targets.h \
	reports/providers/reconciliation.c reports/providers/credit_risk.c \
	reports/render/render.h reports/render/text.c reports/render/text.h reports/render/chart.c reports/render/chart.h \
	reports/render/xlsx.c reports/render/pdf.c reports/render/fonts.c \
	reports/report.c reports/report.h

# Templates are read at run time (a template change needs no rebuild).
templatesdir = $(pkgdatadir)/templates
dist_templates_DATA = templates/common.tpl templates/statistics.tpl templates/reconciliation.tpl
dist_pkgdata_DATA += etc/indicators.conf
EXTRA_DIST += reports/README.md

# Tests: figures against hand sums, XLSX read back (libarchive + libxml2), PDF through poppler-utils.
check_PROGRAMS += tests/test_report
TESTS += tests/test_report
tests_test_report_SOURCES = tests/test_report.c
tests_test_report_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_report_LDADD = tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
EXTRA_DIST += tests/fixtures/report/dataset.sql

# The statistics definitions against hand sums (issue 18).
check_PROGRAMS += tests/test_statistics
TESTS += tests/test_statistics
tests_test_statistics_SOURCES = tests/test_statistics.c
tests_test_statistics_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
tests_test_statistics_LDADD = tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)
EXTRA_DIST += tests/fixtures/statistics/definitions.sql tests/fixtures/statistics/bureau.sql

# The credit and risk reports' words for the dataset's codes (issue 19 item 1).
libcbeccore_la_SOURCES += reports/providers/credit_risk_words.c reports/providers/credit_risk_words.h
