# ebay_orders: eBay orders report CSV.
plugin_LTLIBRARIES += ebay_orders.la
ebay_orders_la_SOURCES = plugins/ebay_orders/ebay_orders.c $(TABKIT_SOURCES)
nodist_ebay_orders_la_SOURCES = plugins/ebay_orders/columns.h
ebay_orders_la_CPPFLAGS = $(PLUGIN_CPPFLAGS) -I$(top_builddir)/plugins/ebay_orders
ebay_orders_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
ebay_orders_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
ebay_orders_la_LIBADD = $(GLIB_LIBS)
plugins/ebay_orders/columns.h: $(top_srcdir)/plugins/ebay_orders/columns.ini
	$(AM_V_GEN)$(TABKIT_INI2H) $(top_srcdir)/plugins/ebay_orders/columns.ini $@
BUILT_SOURCES += plugins/ebay_orders/columns.h
CLEANFILES += plugins/ebay_orders/columns.h
ebay_orders_columnsdir = $(columnsdir)/ebay_orders
dist_ebay_orders_columns_DATA = plugins/ebay_orders/columns.ini
