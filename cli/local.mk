# cli: the cbecflow command -- option parsing, one cmd_*.c per command, the session
# (dataset path, lock, store) the commands share.  It calls reports, analysis and core;
# nothing calls it.
bin_PROGRAMS += cbecflow
cbecflow_SOURCES = cli/main.c cli/commands.h cli/session.c cli/session.h \
	cli/cmd_ingest.c cli/cmd_probe.c cli/cmd_plugins.c cli/cmd_status.c cli/cmd_run.c \
	cli/cmd_config.c cli/cmd_reconcile.c cli/cmd_analyse.c cli/cmd_report.c cli/cmd_demo.c \
	cli/cmd_forget.c cli/cmd_export.c cli/cmd_publish.c cli/cmd_alert.c \
	cli/cmd_schema.c
cbecflow_CFLAGS = $(AM_CFLAGS) $(CORE_DEP_CFLAGS)
cbecflow_LDADD = libcbeccore.la $(CORE_DEP_LIBS)

# The dataset reference (issue 17 item 7), installed as a document: the very text of
# `cbecflow schema`, printed by the binary just built from the comments of core/schema.sql,
# so the document and the command cannot say different things.
schemadocdir = $(docdir)
schemadoc_DATA = docs/schema.txt
docs/schema.txt: cbecflow$(EXEEXT)
	$(AM_V_GEN)mkdir -p docs && ./cbecflow$(EXEEXT) schema > $@.tmp && mv $@.tmp $@
CLEANFILES += docs/schema.txt
