# plugin camt053: ISO 20022 camt.053 (and camt.052/054) bank statements.
# Built with plugins/bankkit (exact amounts, balance check, record emission), shared by the
# three bank plugins camt053, mt940 and bankcsv; each module compiles its own copy.
plugin_LTLIBRARIES += camt053.la
camt053_la_SOURCES = plugins/camt053/camt053.c $(BANKKIT_SOURCES)
camt053_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
camt053_la_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) $(GLIB_CFLAGS)
camt053_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
camt053_la_LIBADD = $(XML_LIBS) $(GLIB_LIBS)

check_PROGRAMS += tests/test_camt053
TESTS += tests/test_camt053
tests_test_camt053_SOURCES = tests/test_camt053.c
tests_test_camt053_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_camt053_LDADD = $(TEST_LDADD_CORE)
EXTRA_DIST += tests/fixtures/bank/camt/de_sparkasse_v08.xml tests/fixtures/bank/camt/nl_ing_v02.xml \
	tests/fixtures/bank/camt/ch_ubs_v04.xml tests/fixtures/bank/camt/cz_csob_v03.xml \
	tests/fixtures/bank/camt/de_report_052_v08.xml tests/fixtures/bank/camt/de_ntfctn_054_v08.xml \
	tests/fixtures/bank/camt/refusals_v08.xml tests/fixtures/bank/camt/dtd_refused.xml \
	tests/fixtures/bank/camt/truncated.xml tests/fixtures/bank/camt/lv_undated_v02.xml \
	tests/fixtures/bank/camt/ch_postfinance_esr_v04.xml tests/fixtures/bank/camt/jp_ntfctn_054_no_ccy_v02.xml \
	tests/fixtures/bank/camt/se_report_052_v01.xml tests/fixtures/bank/camt/no_statement_v02.xml \
	tests/fixtures/bank/camt/ch_no_balance_v02.xml

# The shared exact arithmetic of the bank plugins, tested directly.
check_PROGRAMS += tests/test_camt053_arith
TESTS += tests/test_camt053_arith
tests_test_camt053_arith_SOURCES = tests/test_camt053_arith.c $(BANKKIT_SOURCES)
tests_test_camt053_arith_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_camt053_arith_LDADD = $(TEST_LDADD_CORE)
