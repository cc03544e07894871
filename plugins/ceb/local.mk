# plugin ceb: China Customs CEB messages (XML, DxpMsg envelope) -- plugins/ceb/ceb.c
plugin_LTLIBRARIES += ceb.la
ceb_la_SOURCES = plugins/ceb/ceb.c plugins/ceb/reader.c plugins/ceb/reader.h \
	plugins/ceb/codes.c plugins/ceb/codes.h
ceb_la_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) $(GLIB_CFLAGS)
ceb_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
ceb_la_LIBADD = $(XML_LIBS) $(GLIB_LIBS)
