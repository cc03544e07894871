# amazon_settlement: Amazon settlement report (flat file V2 and the older 33-36 column layout).
plugin_LTLIBRARIES += amazon_settlement.la
amazon_settlement_la_SOURCES = plugins/amazon_settlement/amazon_settlement.c $(TABKIT_SOURCES)
nodist_amazon_settlement_la_SOURCES = plugins/amazon_settlement/columns.h
amazon_settlement_la_CPPFLAGS = $(PLUGIN_CPPFLAGS) -I$(top_builddir)/plugins/amazon_settlement
amazon_settlement_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
amazon_settlement_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
amazon_settlement_la_LIBADD = $(GLIB_LIBS)
plugins/amazon_settlement/columns.h: $(top_srcdir)/plugins/amazon_settlement/columns.ini
	$(AM_V_GEN)$(TABKIT_INI2H) $(top_srcdir)/plugins/amazon_settlement/columns.ini $@
BUILT_SOURCES += plugins/amazon_settlement/columns.h
CLEANFILES += plugins/amazon_settlement/columns.h
amazon_settlement_columnsdir = $(columnsdir)/amazon_settlement
dist_amazon_settlement_columns_DATA = plugins/amazon_settlement/columns.ini
