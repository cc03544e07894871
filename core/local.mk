# The core: a convenience library shared by the cbecflow binary and the tests.
noinst_LTLIBRARIES += libcbeccore.la
libcbeccore_la_CFLAGS = $(AM_CFLAGS) $(CORE_DEP_CFLAGS)
libcbeccore_la_LIBADD = $(CORE_DEP_LIBS)
libcbeccore_la_SOURCES = \
	core/error.c core/error.h \
	core/log.c core/log.h \
	core/progress.c core/progress.h \
	core/config.c core/config.h core/confmap.c core/confmap.h \
	core/decimal.c core/decimal.h \
	core/digest.c core/digest.h \
	core/personal.c core/personal.h core/excerpt.c core/excerpt.h \
	core/record.c core/record.h \
	core/store.c core/store.h \
	core/loader.c core/loader.h \
	core/input.c core/input.h core/tartail.c core/tartail.h \
	core/probe.c core/probe.h \
	core/host.c core/host.h \
	core/ingest.c core/ingest.h \
	core/readahead.c core/readahead.h \
	core/pump.c core/pump.h \
	core/checkpoint.c core/checkpoint.h \
	core/thread.c core/thread.h \
	core/isolate.c core/isolate.h \
	core/crash.c core/crash.h \
	core/summary.c core/summary.h \
	core/lock.c core/lock.h core/proc.c core/proc.h core/json.c core/json.h \
	core/common.c core/common.h \
	core/cmd_ingest.c core/cmd_probe.c core/cmd_plugins.c core/cmd_status.c core/cmd_run.c \
	core/cmd_config.c \
	core/commands.h

nodist_libcbeccore_la_SOURCES = core/schema.c

bin_PROGRAMS += cbecflow
cbecflow_SOURCES = core/cli.c
cbecflow_CFLAGS = $(AM_CFLAGS) $(CORE_DEP_CFLAGS)
cbecflow_LDADD = libcbeccore.la $(CORE_DEP_LIBS)

# The schema is compiled in from core/schema.sql.
core/schema.c: $(top_srcdir)/core/schema.sql
	$(AM_V_GEN)mkdir -p core && { echo '/* generated from schema.sql */'; \
	  echo 'const char cbec_schema_sql[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $(top_srcdir)/core/schema.sql; \
	  echo ';'; } > $@.tmp && mv $@.tmp $@
BUILT_SOURCES = core/schema.c
CLEANFILES += core/schema.c
EXTRA_DIST += core/schema.sql
