# amazon_orders: Amazon All Orders report (tab-separated).
plugin_LTLIBRARIES += amazon_orders.la
amazon_orders_la_SOURCES = plugins/amazon_orders/amazon_orders.c $(TABKIT_SOURCES)
nodist_amazon_orders_la_SOURCES = plugins/amazon_orders/columns.h
amazon_orders_la_CPPFLAGS = $(PLUGIN_CPPFLAGS) -I$(top_builddir)/plugins/amazon_orders
amazon_orders_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
amazon_orders_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
amazon_orders_la_LIBADD = $(GLIB_LIBS)
plugins/amazon_orders/columns.h: $(top_srcdir)/plugins/amazon_orders/columns.ini
	$(AM_V_GEN)$(TABKIT_INI2H) $(top_srcdir)/plugins/amazon_orders/columns.ini $@
BUILT_SOURCES += plugins/amazon_orders/columns.h
CLEANFILES += plugins/amazon_orders/columns.h
amazon_orders_columnsdir = $(columnsdir)/amazon_orders
dist_amazon_orders_columns_DATA = plugins/amazon_orders/columns.ini
