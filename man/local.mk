# man: the manual pages cbecflow(1), cbecflow.conf(5) and cbecflow-plugin(7), installed
# in $(mandir)/man1, man5, man7.  Their sources are plain roff (man/*.in: no tool beyond
# sed and groff, which every Debian has); the build only puts the installed paths and the
# version in, so a page names the folders of this installation, not of another prefix.
# Tests (tests/local.mk): every page renders without a warning, every command and option
# of `cbecflow --help` is in cbecflow(1), every key of cbec_conf_table is in
# cbecflow.conf(5) with its type and default, and the example plugin of cbecflow-plugin(7)
# builds and reads its sample.
nodist_man_MANS = man/cbecflow.1 man/cbecflow.conf.5 man/cbecflow-plugin.7
EXTRA_DIST += man/cbecflow.1.in man/cbecflow.conf.5.in man/cbecflow-plugin.7.in
CLEANFILES += $(nodist_man_MANS)

# [@] keeps this line from being substituted itself should it ever be run through sed.
MAN_SUBST = $(SED) -e 's|@PACKAGE_VERSION[@]|$(PACKAGE_VERSION)|g' \
	-e 's|@sysconfdir[@]|$(sysconfdir)|g' -e 's|@pkgdatadir[@]|$(pkgdatadir)|g' \
	-e 's|@plugindir[@]|$(plugindir)|g' -e 's|@includedir[@]|$(includedir)|g' \
	-e 's|@libdir[@]|$(libdir)|g'

man/cbecflow.1: $(top_srcdir)/man/cbecflow.1.in Makefile
	$(AM_V_GEN)mkdir -p man && $(MAN_SUBST) $(top_srcdir)/man/cbecflow.1.in > $@.tmp && mv $@.tmp $@
man/cbecflow.conf.5: $(top_srcdir)/man/cbecflow.conf.5.in Makefile
	$(AM_V_GEN)mkdir -p man && $(MAN_SUBST) $(top_srcdir)/man/cbecflow.conf.5.in > $@.tmp && mv $@.tmp $@
man/cbecflow-plugin.7: $(top_srcdir)/man/cbecflow-plugin.7.in Makefile
	$(AM_V_GEN)mkdir -p man && $(MAN_SUBST) $(top_srcdir)/man/cbecflow-plugin.7.in > $@.tmp && mv $@.tmp $@
