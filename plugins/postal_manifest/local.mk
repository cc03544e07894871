# postal_manifest: China Post e-packet and express/forwarder manifests (CSV/XLSX).
plugin_LTLIBRARIES += postal_manifest.la
postal_manifest_la_SOURCES = plugins/postal_manifest/postal_manifest.c $(TABKIT_SOURCES)
nodist_postal_manifest_la_SOURCES = plugins/postal_manifest/columns.h
postal_manifest_la_CPPFLAGS = $(PLUGIN_CPPFLAGS) -I$(top_builddir)/plugins/postal_manifest
postal_manifest_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
postal_manifest_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
postal_manifest_la_LIBADD = $(GLIB_LIBS)
plugins/postal_manifest/columns.h: $(top_srcdir)/plugins/postal_manifest/columns.ini
	$(AM_V_GEN)$(TABKIT_INI2H) $(top_srcdir)/plugins/postal_manifest/columns.ini $@
BUILT_SOURCES += plugins/postal_manifest/columns.h
CLEANFILES += plugins/postal_manifest/columns.h
postal_manifest_columnsdir = $(columnsdir)/postal_manifest
dist_postal_manifest_columns_DATA = plugins/postal_manifest/columns.ini
