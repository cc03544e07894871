# Reports: the template-driven XLSX and PDF renderers, the statistics indicator
# catalogue (core/stats) and the reconciliation report.  See reports/README.md.
libcbeccore_la_SOURCES += \
	reports/model.c reports/model.h \
	reports/template.c reports/template.h \
	reports/text.c reports/text.h \
	reports/render.h reports/xlsx.c reports/pdf.c \
	reports/report.c reports/report.h reports/providers.c reports/recon.c \
	core/stats/stats.c core/stats/catalogue.c core/stats/stats.h

# Templates are read at run time (a template change needs no rebuild).
templatesdir = $(pkgdatadir)/templates
dist_templates_DATA = templates/common.tpl templates/statistics.tpl templates/reconciliation.tpl
dist_pkgdata_DATA += etc/indicators.conf
EXTRA_DIST += reports/README.md
