# tabular platform and postal plugins: each plugins/<name>/local.mk is included from here.
# They share plugins/tabkit (compiled into each: plugins link nothing of the core) and the
# core's tabular reader through the host table.  Column maps are data: plugins/<name>/columns.ini
# is compiled in and installed to $(pkgdatadir)/columns/ as the template of a site override
# (`columns = PATH` in [plugin.<name>]).
TABKIT_SOURCES = plugins/tabkit/tabkit.c plugins/tabkit/tabkit.h
TABKIT_INI2H = sh $(top_srcdir)/plugins/tabkit/ini2h.sh
EXTRA_DIST += plugins/tabkit/ini2h.sh
columnsdir = $(pkgdatadir)/columns
dist_columns_DATA =

include plugins/ozon_postings/local.mk
include plugins/amazon_settlement/local.mk
include plugins/amazon_orders/local.mk
include plugins/shopify_orders/local.mk
include plugins/wildberries_report/local.mk
include plugins/ebay_orders/local.mk
include plugins/postal_manifest/local.mk
