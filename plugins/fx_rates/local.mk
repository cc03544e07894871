# fx_rates: daily exchange rates, and the SDK's worked example (DEVELOPERS.md).
plugin_LTLIBRARIES += fx_rates.la
fx_rates_la_SOURCES = plugins/fx_rates/fx_rates.c
fx_rates_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
fx_rates_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)

check_PROGRAMS += tests/test_fx_rates
TESTS += tests/test_fx_rates
tests_test_fx_rates_SOURCES = tests/test_fx_rates.c
tests_test_fx_rates_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_fx_rates_LDADD = $(TEST_LDADD_CORE)
EXTRA_DIST += plugins/fx_rates/Makefile.example
