# tabular platform and postal plugins: each plugins/<name>/local.mk is included from here.
# They share plugins/tabkit (compiled into each: plugins link nothing of the core) and the
# core's tabular reader through the host table.  Column maps are data: plugins/<name>/columns.ini
# is compiled in and installed to $(pkgdatadir)/columns/<name>/ as the template of a site override
# (`columns = PATH` in [plugin.<name>]).
TABKIT_SOURCES = plugins/tabkit/tabkit.c plugins/tabkit/tabkit.h
TABKIT_INI2H = sh $(top_srcdir)/plugins/tabkit/ini2h.sh
EXTRA_DIST += plugins/tabkit/ini2h.sh
columnsdir = $(pkgdatadir)/columns

include plugins/ozon_postings/local.mk
include plugins/amazon_settlement/local.mk
include plugins/amazon_orders/local.mk
include plugins/shopify_orders/local.mk
include plugins/wildberries_report/local.mk
include plugins/ebay_orders/local.mk
include plugins/postal_manifest/local.mk

# Tests: the reader itself, and every tabular plugin end to end (fixtures in tests/fixtures/tabular).
check_PROGRAMS += tests/test_tabular tests/test_tabular_plugins
TESTS += tests/test_tabular tests/test_tabular_plugins
tests_test_tabular_SOURCES = tests/test_tabular.c
tests_test_tabular_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_tabular_LDADD = $(TEST_LDADD_CORE)
tests_test_tabular_plugins_SOURCES = tests/test_tabular_plugins.c
tests_test_tabular_plugins_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_tabular_plugins_LDADD = $(TEST_LDADD_CORE)
EXTRA_DIST += tests/fixtures/tabular/amazon_settlement_v2.txt tests/fixtures/tabular/amazon_settlement_old.txt \
	tests/fixtures/tabular/amazon_orders.txt tests/fixtures/tabular/shopify_orders.csv \
	tests/fixtures/tabular/ozon_postings.csv tests/fixtures/tabular/ebay_orders.csv \
	tests/fixtures/tabular/postal_manifest_rows.utf8.csv tests/fixtures/tabular/postal_manifest_blocks.csv \
	tests/fixtures/tabular/postal_manifest_ru_semicolon.csv
EXTRA_DIST += plugins/tabkit/README.md
