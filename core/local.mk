# The core: a convenience library shared by the cbecflow binary and the tests.
noinst_LTLIBRARIES += libcbeccore.la
libcbeccore_la_CFLAGS = $(AM_CFLAGS) $(CORE_DEP_CFLAGS)
libcbeccore_la_LIBADD = $(CORE_DEP_LIBS)
# core/base: the basics every layer uses (errors, log, config file, decimals, digests, JSON ...);
# they call nothing above them.
libcbeccore_la_SOURCES = \
	core/base/error.c core/base/error.h \
	core/base/log.c core/base/log.h \
	core/base/progress.c core/base/progress.h \
	core/base/config.c core/base/config.h \
	core/base/decimal.c core/base/decimal.h \
	core/base/digest.c core/base/digest.h \
	core/base/personal.c core/base/personal.h core/base/excerpt.c core/base/excerpt.h \
	core/base/record.c core/base/record.h \
	core/base/thread.c core/base/thread.h \
	core/base/proc.c core/base/proc.h core/base/json.c core/base/json.h \
	core/base/dates.c core/base/dates.h
# core/input: bytes of a night's files -- walking folders and archives, decoding, read-ahead.
libcbeccore_la_SOURCES += \
	core/input/input.c core/input/input.h core/input/tartail.c core/input/tartail.h \
	core/input/readahead.c core/input/readahead.h \
	core/input/pump.c core/input/pump.h
# core: the runtime -- plugins, probing, ingest, the store with its schema and migrations.
libcbeccore_la_SOURCES += \
	core/confmap.c core/confmap.h \
	core/store.c core/store.h core/migrate.c core/migrate.h core/store_sql.c core/store_sql.h \
	core/dataset_mark.c core/dataset_mark.h \
	core/store_enterprise.c core/pagecache.c core/pagecache.h \
	core/rules.c core/rules.h \
	core/fx.c core/fx.h \
	core/loader.c core/loader.h \
	core/probe.c core/probe.h \
	core/host.c core/host.h \
	core/ingest.c core/ingest.h \
	core/reingest.c core/reingest.h \
	core/checkpoint.c core/checkpoint.h \
	core/isolate.c core/isolate.h \
	core/crash.c core/crash.h \
	core/summary.c core/summary.h \
	core/lock.c core/lock.h \
	core/schema_doc.c core/schema_doc.h \
	core/sitekey.c core/sitekey.h

nodist_libcbeccore_la_SOURCES = core/schema.c


# The schema is compiled in from core/schema.sql.
core/schema.c: $(top_srcdir)/core/schema.sql
	$(AM_V_GEN)mkdir -p core && { echo '/* generated from schema.sql */'; \
	  echo 'const char cbec_schema_sql[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $(top_srcdir)/core/schema.sql; \
	  echo ';'; } > $@.tmp && mv $@.tmp $@
BUILT_SOURCES = core/schema.c
CLEANFILES += core/schema.c
EXTRA_DIST += core/schema.sql
