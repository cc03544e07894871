# Reports: the template-driven XLSX and PDF renderers, the statistics indicator
# catalogue (core/stats) and the reconciliation report.  See reports/README.md.
libcbeccore_la_SOURCES += \
	reports/model.c reports/model.h \
	reports/template.c reports/template.h \
	reports/text.c reports/text.h \
	reports/render.h reports/xlsx.c reports/pdf.c reports/fonts.c \
	reports/report.c reports/report.h reports/providers.c reports/recon.c \
	core/stats/stats.c core/stats/catalogue.c core/stats/stats.h

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
