# plugin bankcsv: Chinese bank CSV exports by declarative column maps (etc/bankcsv.conf).
# The layouts file is compiled in (bankcsv_layouts.inc, generated) and installed next to
# cbecflow.conf for sites that keep their own copy ([plugin.bankcsv] layouts = PATH).
# Built with plugins/bankkit (exact amounts, balance check, records).
plugin_LTLIBRARIES += bankcsv.la
bankcsv_la_SOURCES = plugins/bankcsv/bankcsv.c $(BANKKIT_SOURCES)
nodist_bankcsv_la_SOURCES = plugins/bankcsv/bankcsv_layouts.inc
bankcsv_la_CPPFLAGS = $(PLUGIN_CPPFLAGS) -I$(top_builddir)/plugins/bankcsv
bankcsv_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
bankcsv_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
bankcsv_la_LIBADD = $(GLIB_LIBS)
BUILT_SOURCES += plugins/bankcsv/bankcsv_layouts.inc
plugins/bankcsv/bankcsv_layouts.inc: $(top_srcdir)/etc/bankcsv.conf
	$(AM_V_GEN)mkdir -p plugins/bankcsv && \
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $(top_srcdir)/etc/bankcsv.conf > $@-t && mv $@-t $@
CLEANFILES += plugins/bankcsv/bankcsv_layouts.inc
bankcsvconfdir = $(sysconfdir)/cbecflow
dist_bankcsvconf_DATA = etc/bankcsv.conf

check_PROGRAMS += tests/test_bankcsv
TESTS += tests/test_bankcsv
tests_test_bankcsv_SOURCES = tests/test_bankcsv.c
tests_test_bankcsv_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_bankcsv_LDADD = $(TEST_LDADD_CORE)
EXTRA_DIST += tests/fixtures/bank/csv/icbc_20261125.csv tests/fixtures/bank/csv/boc_20261125.csv \
	tests/fixtures/bank/csv/cmb_20261125.csv tests/fixtures/bank/csv/abc_20261125.csv \
	tests/fixtures/bank/csv/bocom_20261125.csv tests/fixtures/bank/csv/icbc_missing_row.csv \
	tests/fixtures/bank/csv/icbc_refusals.csv tests/fixtures/bank/csv/bocom_bad_mark.csv \
	tests/fixtures/bank/csv/cmb_shared_serial_1124_1125.csv tests/fixtures/bank/csv/cmb_shared_serial_1125.csv
