# Core tests.  Test plugins are real modules loaded through dlopen:
# tests/good/ holds well-behaved ones, tests/broken/ deliberately broken ones.
TEST_PLUGIN_CFLAGS = $(AM_CFLAGS)

check_LTLIBRARIES += tests/good/testorders.la tests/good/testtie.la
tests_good_testorders_la_SOURCES = tests/plugins/testorders.c
tests_good_testorders_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
tests_good_testorders_la_LDFLAGS = $(TEST_PLUGIN_MODULE_FLAGS)
tests_good_testtie_la_SOURCES = tests/plugins/testorders.c
tests_good_testtie_la_CFLAGS = $(AM_CFLAGS) -DTEST_PLUGIN_NAME='"testtie"' -DTEST_TIE_ONLY
tests_good_testtie_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
tests_good_testtie_la_LDFLAGS = $(TEST_PLUGIN_MODULE_FLAGS)

check_LTLIBRARIES += tests/broken/bad_abi.la tests/broken/short_struct.la tests/broken/no_callbacks.la \
	tests/broken/declines.la tests/broken/misnamed.la
tests_broken_bad_abi_la_SOURCES = tests/plugins/broken.c
tests_broken_bad_abi_la_CFLAGS = $(AM_CFLAGS) -DBROKEN_ABI -DBROKEN_NAME='"bad_abi"'
tests_broken_bad_abi_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
tests_broken_bad_abi_la_LDFLAGS = $(TEST_PLUGIN_MODULE_FLAGS)
tests_broken_short_struct_la_SOURCES = tests/plugins/broken.c
tests_broken_short_struct_la_CFLAGS = $(AM_CFLAGS) -DBROKEN_SHORT -DBROKEN_NAME='"short_struct"'
tests_broken_short_struct_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
tests_broken_short_struct_la_LDFLAGS = $(TEST_PLUGIN_MODULE_FLAGS)
tests_broken_no_callbacks_la_SOURCES = tests/plugins/broken.c
tests_broken_no_callbacks_la_CFLAGS = $(AM_CFLAGS) -DBROKEN_NOCB -DBROKEN_NAME='"no_callbacks"'
tests_broken_no_callbacks_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
tests_broken_no_callbacks_la_LDFLAGS = $(TEST_PLUGIN_MODULE_FLAGS)
tests_broken_declines_la_SOURCES = tests/plugins/broken.c
tests_broken_declines_la_CFLAGS = $(AM_CFLAGS) -DBROKEN_DECLINE -DBROKEN_NAME='"declines"'
tests_broken_declines_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
tests_broken_declines_la_LDFLAGS = $(TEST_PLUGIN_MODULE_FLAGS)
tests_broken_misnamed_la_SOURCES = tests/plugins/broken.c
tests_broken_misnamed_la_CFLAGS = $(AM_CFLAGS) -DBROKEN_NAME='"someone_else"'
tests_broken_misnamed_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
tests_broken_misnamed_la_LDFLAGS = $(TEST_PLUGIN_MODULE_FLAGS)

# Shared test helpers (temp folders, running the cbecflow binary, SQL scalars, archives).
check_LTLIBRARIES += tests/libtestutil.la
tests_libtestutil_la_SOURCES = tests/testutil.c tests/testutil.h
tests_libtestutil_la_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)

TEST_CFLAGS_CORE = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CORE_DEP_CFLAGS)
TEST_LDADD_CORE = tests/libtestutil.la libcbeccore.la $(CHECK_LIBS) $(CORE_DEP_LIBS)

check_PROGRAMS += tests/test_units tests/test_loader tests/test_ingest tests/test_archives
TESTS += tests/test_units tests/test_loader tests/test_ingest tests/test_archives
tests_test_units_SOURCES = tests/test_units.c
tests_test_units_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_units_LDADD = $(TEST_LDADD_CORE)
tests_test_loader_SOURCES = tests/test_loader.c
tests_test_loader_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_loader_LDADD = $(TEST_LDADD_CORE)
tests_test_ingest_SOURCES = tests/test_ingest.c
tests_test_ingest_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_ingest_LDADD = $(TEST_LDADD_CORE)
tests_test_archives_SOURCES = tests/test_archives.c
tests_test_archives_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_archives_LDADD = $(TEST_LDADD_CORE)
check_PROGRAMS += tests/test_store_statements
TESTS += tests/test_store_statements
tests_test_store_statements_SOURCES = tests/test_store_statements.c
tests_test_store_statements_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_store_statements_LDADD = $(TEST_LDADD_CORE)
check_PROGRAMS += tests/test_pagecache
TESTS += tests/test_pagecache
tests_test_pagecache_SOURCES = tests/test_pagecache.c
tests_test_pagecache_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_pagecache_LDADD = $(TEST_LDADD_CORE)
check_PROGRAMS += tests/test_sources
TESTS += tests/test_sources
tests_test_sources_SOURCES = tests/test_sources.c
tests_test_sources_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_sources_LDADD = $(TEST_LDADD_CORE)
check_PROGRAMS += tests/test_run
TESTS += tests/test_run
tests_test_run_SOURCES = tests/test_run.c
tests_test_run_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_run_LDADD = $(TEST_LDADD_CORE)
check_PROGRAMS += tests/test_config
TESTS += tests/test_config
tests_test_config_SOURCES = tests/test_config.c
tests_test_config_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_config_LDADD = $(TEST_LDADD_CORE)
# Re-ingest on purpose: unrecognised files probed again, ingest --force, forget (issue 17 item 4).
check_PROGRAMS += tests/test_reingest
TESTS += tests/test_reingest
tests_test_reingest_SOURCES = tests/test_reingest.c
tests_test_reingest_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_reingest_LDADD = $(TEST_LDADD_CORE)
check_PROGRAMS += tests/test_isolation
TESTS += tests/test_isolation
tests_test_isolation_SOURCES = tests/test_isolation.c
tests_test_isolation_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_isolation_LDADD = $(TEST_LDADD_CORE)
# Logs an operator can read: timestamps, the summary line, the crash line, probe -v.
check_PROGRAMS += tests/test_logs
TESTS += tests/test_logs
tests_test_logs_SOURCES = tests/test_logs.c
tests_test_logs_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_logs_LDADD = $(TEST_LDADD_CORE)

# The statistics XLSX read back by a real reader (python3-openpyxl) against the dataset.
TESTS += tests/xlsx_readback.sh
EXTRA_DIST += tests/xlsx_readback.sh

# A rerun with nothing changed keeps the flows; an ingest, forget, rule edit or new date does not.
TESTS += tests/reconcile_rerun.sh
EXTRA_DIST += tests/reconcile_rerun.sh

# Plugins reach only the SDK, their folder and the kits: a core header is out of their
# include path, and no source names one (issue 16).
TESTS += tests/plugin_includes.sh
EXTRA_DIST += tests/plugin_includes.sh

# docs/ in step with the tree: no pointer to the sketches outside it, links, exit codes.
TESTS += tests/docs_links.sh
EXTRA_DIST += tests/docs_links.sh
EXTRA_DIST += tests/helgrind.supp

# Failures that must not lie: two writers, a full disk, a damaged dataset, no CJK fonts.
# A full disk, preloaded into cbecflow by test_hostile_ops (not a plugin).
check_LTLIBRARIES += tests/preload/enospc.la
tests_preload_enospc_la_SOURCES = tests/plugins/enospc.c
tests_preload_enospc_la_LDFLAGS = -module -avoid-version -shared -rpath $(abs_builddir)
check_PROGRAMS += tests/test_hostile_ops
TESTS += tests/test_hostile_ops
tests_test_hostile_ops_SOURCES = tests/test_hostile_ops.c
tests_test_hostile_ops_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_hostile_ops_LDADD = $(TEST_LDADD_CORE)

# Inputs that vanish or leak: skipped, empty, trailing, UTF-16 and personal data in excerpts.
check_PROGRAMS += tests/test_hostile_inputs
TESTS += tests/test_hostile_inputs
tests_test_hostile_inputs_SOURCES = tests/test_hostile_inputs.c
tests_test_hostile_inputs_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_hostile_inputs_LDADD = $(TEST_LDADD_CORE)

# Hostile inputs of the tabular reader (issue 15 items 1, 2, 4): XLSX entity and
# shared-string bombs, cells over Excel's limit, CSV quotes that never close.
check_PROGRAMS += tests/test_hostile
TESTS += tests/test_hostile
tests_test_hostile_SOURCES = tests/test_hostile.c
tests_test_hostile_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_hostile_LDADD = $(TEST_LDADD_CORE)
# The core's single owners of rule files, business dates and SQL helpers (issue 16).
check_PROGRAMS += tests/test_rules_dates
TESTS += tests/test_rules_dates
tests_test_rules_dates_SOURCES = tests/test_rules_dates.c
tests_test_rules_dates_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_rules_dates_LDADD = $(TEST_LDADD_CORE)

# The manual pages (issue 17 item 6, man/local.mk): they render without warnings, every
# command and option of `cbecflow --help` is in cbecflow(1), cbecflow.conf(5) agrees with
# the validator's table, and cbecflow-plugin(7)'s example plugin builds and works.
TESTS += tests/man_render.sh tests/man_commands.sh tests/man_example.sh
EXTRA_DIST += tests/man_render.sh tests/man_commands.sh tests/man_example.sh
check_PROGRAMS += tests/test_man_conf
TESTS += tests/test_man_conf
tests_test_man_conf_SOURCES = tests/test_man_conf.c
tests_test_man_conf_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_man_conf_LDADD = $(TEST_LDADD_CORE)

# The one conversion to CNY (core/fx.h): the rule, and one order's value in flow, alerts and statistics.
check_PROGRAMS += tests/test_fx
TESTS += tests/test_fx
tests_test_fx_SOURCES = tests/test_fx.c tests/test_reconcile_util.c tests/test_reconcile_util.h
tests_test_fx_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_fx_LDADD = tests/libtestriskdata.la $(TEST_LDADD_CORE)

# The dataset documented where it lives: `cbecflow schema`, its document, local-date views,
# the upgrade to them, the site key's fingerprint (issue 17 item 7).
check_PROGRAMS += tests/test_schema
TESTS += tests/test_schema
tests_test_schema_SOURCES = tests/test_schema.c
tests_test_schema_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_schema_LDADD = $(TEST_LDADD_CORE)

# The statistics of a quarter, half-year and year on the night that closes them (issue 18 item 5).
TESTS += tests/run_closing.sh
EXTRA_DIST += tests/run_closing.sh

# The reconciliation report as its readers read it (issue 19 items 1, 3, 5): tables that add up to
# their headlines, bank credits apart from trades, exceptions aged and the resolution rate over three
# nights, no program code in the Chinese bulletin and the codes beside their names in the workbook.
check_PROGRAMS += tests/test_report_recon
TESTS += tests/test_report_recon
tests_test_report_recon_SOURCES = tests/test_report_recon.c tests/test_reconcile_util.c tests/test_reconcile_util.h
tests_test_report_recon_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_report_recon_LDADD = $(TEST_LDADD_CORE)
EXTRA_DIST += tests/fixtures/report/reconciliation.sql

# cbecflow export --for TARGET (issue 21): every target's figures against hand sums of the fixture,
# the manifest, reproducibility, refusals, and a demo night's bank statement against its truth.
check_PROGRAMS += tests/test_export
TESTS += tests/test_export
tests_test_export_SOURCES = tests/test_export.c
tests_test_export_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_export_LDADD = $(TEST_LDADD_CORE)
EXTRA_DIST += tests/fixtures/export/dataset.sql

# The region's warehouse on a real PostgreSQL server, a throw-away cluster (issue 20).
TESTS += tests/publish.sh tests/publish_drop.sh tests/region.sh
EXTRA_DIST += tests/publish.sh tests/publish_drop.sh tests/region.sh tests/pg_cluster.sh tests/warehouse_check.sh

# Bulletins small enough to mail: each PDF of up to 6 pages under 400 KB, every font embedded
# and subset (issue 19 item 2).
TESTS += tests/pdf_size.sh
EXTRA_DIST += tests/pdf_size.sh

# The PDF renderer read back (issue 19 items 4 and 6): chart numbers and units, layout,
# footers with the issuing body, Chinese dates in prose.
check_PROGRAMS += tests/test_render
TESTS += tests/test_render
tests_test_render_SOURCES = tests/test_render.c
tests_test_render_CFLAGS = $(TEST_CFLAGS_CORE)
tests_test_render_LDADD = $(TEST_LDADD_CORE)

# [report] issuer: the issuing body in the header, every footer and the document properties.
TESTS += tests/report_issuer.sh
EXTRA_DIST += tests/report_issuer.sh
