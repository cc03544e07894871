# wildberries_report: Wildberries weekly sales report (XLSX, usually inside a ZIP).
plugin_LTLIBRARIES += wildberries_report.la
wildberries_report_la_SOURCES = plugins/wildberries_report/wildberries_report.c $(TABKIT_SOURCES)
nodist_wildberries_report_la_SOURCES = plugins/wildberries_report/columns.h
wildberries_report_la_CPPFLAGS = $(PLUGIN_CPPFLAGS) -I$(top_builddir)/plugins/wildberries_report
wildberries_report_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
wildberries_report_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
wildberries_report_la_LIBADD = $(GLIB_LIBS)
plugins/wildberries_report/columns.h: $(top_srcdir)/plugins/wildberries_report/columns.ini
	$(AM_V_GEN)$(TABKIT_INI2H) $(top_srcdir)/plugins/wildberries_report/columns.ini $@
BUILT_SOURCES += plugins/wildberries_report/columns.h
CLEANFILES += plugins/wildberries_report/columns.h
wildberries_report_columnsdir = $(columnsdir)/wildberries_report
dist_wildberries_report_columns_DATA = plugins/wildberries_report/columns.ini
