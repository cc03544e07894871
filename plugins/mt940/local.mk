# plugin mt940: SWIFT MT940 statements and MT942 interim reports.
# Built with plugins/bankkit (exact amounts, balance check, records).
plugin_LTLIBRARIES += mt940.la
mt940_la_SOURCES = plugins/mt940/mt940.c plugins/mt940/codepage.c plugins/mt940/codepage.h $(BANKKIT_SOURCES)
mt940_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
mt940_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
mt940_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
mt940_la_LIBADD = $(GLIB_LIBS)

check_PROGRAMS += tests/test_mt940
TESTS += tests/test_mt940
tests_test_mt940_SOURCES = tests/test_mt940.c
tests_test_mt940_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_mt940_LDADD = $(TEST_LDADD_CORE)
EXTRA_DIST += tests/fixtures/bank/mt940/de_deutsche_bank.sta tests/fixtures/bank/mt940/nl_ing_fin.swi \
	tests/fixtures/bank/mt940/ru_sberbank_cp1251.txt tests/fixtures/bank/mt940/mn_khanbank_940.txt \
	tests/fixtures/bank/mt940/mn_khanbank_942.txt tests/fixtures/bank/mt940/refusals.sta \
	tests/fixtures/bank/mt940/de_commerzbank_942.txt tests/fixtures/bank/mt940/pl_pkobp_cp852.txt \
	tests/fixtures/bank/mt940/hu_otp_cp1250.sta tests/fixtures/bank/mt940/de_sparkasse_cp1252.sta \
	tests/fixtures/bank/mt940/balance_no_currency.sta tests/fixtures/bank/mt940/mt942_count_overflow.txt \
	tests/fixtures/bank/mt940/cz_csob_cp1250_undefined.sta \
	tests/fixtures/bank/mt940/de_batch_pages.sta tests/fixtures/bank/mt940/lu_stray_entry_after_end.sta \
	tests/fixtures/bank/mt940/de_startums_repeated_60m.sta \
	tests/fixtures/bank/mt940/de_startums_same_number_pages.sta \
	tests/fixtures/bank/mt940/nl_942_odd_type_code.txt
