# ozon_postings: Ozon postings export (CSV with BOM, ';', decimal comma, or XLSX).
plugin_LTLIBRARIES += ozon_postings.la
ozon_postings_la_SOURCES = plugins/ozon_postings/ozon_postings.c $(TABKIT_SOURCES)
nodist_ozon_postings_la_SOURCES = plugins/ozon_postings/columns.h
ozon_postings_la_CPPFLAGS = $(PLUGIN_CPPFLAGS) -I$(top_builddir)/plugins/ozon_postings
ozon_postings_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
ozon_postings_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
ozon_postings_la_LIBADD = $(GLIB_LIBS)
plugins/ozon_postings/columns.h: $(top_srcdir)/plugins/ozon_postings/columns.ini
	$(AM_V_GEN)$(TABKIT_INI2H) $(top_srcdir)/plugins/ozon_postings/columns.ini $@
BUILT_SOURCES += plugins/ozon_postings/columns.h
CLEANFILES += plugins/ozon_postings/columns.h
ozon_postings_columnsdir = $(columnsdir)/ozon_postings
dist_ozon_postings_columns_DATA = plugins/ozon_postings/columns.ini
