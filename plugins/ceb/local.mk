# plugin ceb: China Customs CEB messages (XML, DxpMsg envelope) -- plugins/ceb/ceb.c
plugin_LTLIBRARIES += ceb.la
ceb_la_SOURCES = plugins/ceb/ceb.c plugins/ceb/reader.c plugins/ceb/reader.h \
	plugins/ceb/codes.c plugins/ceb/codes.h
ceb_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
ceb_la_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) $(GLIB_CFLAGS)
ceb_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
ceb_la_LIBADD = $(XML_LIBS) $(GLIB_LIBS)

# End-to-end tests through the built cbecflow (fixtures written from the CEB specification).
check_PROGRAMS += tests/test_ceb
TESTS += tests/test_ceb
tests_test_ceb_SOURCES = tests/test_ceb.c
tests_test_ceb_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_ceb_LDADD = $(TEST_LDADD_CORE)

EXTRA_DIST += plugins/ceb/README.md tests/fixtures/ceb/orders_311.xml tests/fixtures/ceb/resend_311.xml \
	tests/fixtures/ceb/receipts_312.xml tests/fixtures/ceb/payment_411.xml tests/fixtures/ceb/waybill_511.xml \
	tests/fixtures/ceb/status_513.xml tests/fixtures/ceb/list_621.xml tests/fixtures/ceb/delivery_711.xml \
	tests/fixtures/ceb/export_303.xml tests/fixtures/ceb/export_403.xml tests/fixtures/ceb/export_505.xml \
	tests/fixtures/ceb/export_509.xml tests/fixtures/ceb/export_603.xml tests/fixtures/ceb/malformed_411.xml \
	tests/fixtures/ceb/edge_311.xml tests/fixtures/ceb/receipt_514.xml tests/fixtures/ceb/receipt_622.xml \
	tests/fixtures/ceb/receipt_624.xml tests/fixtures/ceb/receipt_626.xml tests/fixtures/ceb/receipt_712.xml \
	tests/fixtures/ceb/receipt_900.xml

# Hostile XML through the real module and a memory-backed host table.
check_PROGRAMS += tests/test_ceb_safety
TESTS += tests/test_ceb_safety
tests_test_ceb_safety_SOURCES = tests/test_ceb_safety.c
tests_test_ceb_safety_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_ceb_safety_LDADD = $(TEST_LDADD_CORE)

# Optional: the official samples from ../shared/conformance/ceb (exit 77 = skipped when absent).
check_PROGRAMS += tests/test_ceb_conformance
TESTS += tests/test_ceb_conformance
tests_test_ceb_conformance_SOURCES = tests/test_ceb_conformance.c
tests_test_ceb_conformance_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_ceb_conformance_LDADD = $(TEST_LDADD_CORE)

# Code tables and the GB 11643 check, compiled in.
check_PROGRAMS += tests/test_ceb_codes
TESTS += tests/test_ceb_codes
tests_test_ceb_codes_SOURCES = tests/test_ceb_codes.c plugins/ceb/codes.c plugins/ceb/codes.h
tests_test_ceb_codes_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_ceb_codes_LDADD = $(CHECK_LIBS)
