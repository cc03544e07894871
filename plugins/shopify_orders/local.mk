# shopify_orders: Shopify orders export CSV.
plugin_LTLIBRARIES += shopify_orders.la
shopify_orders_la_SOURCES = plugins/shopify_orders/shopify_orders.c $(TABKIT_SOURCES)
nodist_shopify_orders_la_SOURCES = plugins/shopify_orders/columns.h
shopify_orders_la_CPPFLAGS = $(PLUGIN_CPPFLAGS) -I$(top_builddir)/plugins/shopify_orders
shopify_orders_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
shopify_orders_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
shopify_orders_la_LIBADD = $(GLIB_LIBS)
plugins/shopify_orders/columns.h: $(top_srcdir)/plugins/shopify_orders/columns.ini
	$(AM_V_GEN)$(TABKIT_INI2H) $(top_srcdir)/plugins/shopify_orders/columns.ini $@
BUILT_SOURCES += plugins/shopify_orders/columns.h
CLEANFILES += plugins/shopify_orders/columns.h
shopify_orders_columnsdir = $(columnsdir)/shopify_orders
dist_shopify_orders_columns_DATA = plugins/shopify_orders/columns.ini
