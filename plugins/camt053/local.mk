# plugin camt053: ISO 20022 camt.053 (and camt.052/054) bank statements.
# bankstmt.{c,h} (exact amounts, balance check, record emission) is shared by the
# three bank plugins camt053, mt940 and bankcsv; each module compiles its own copy.
plugin_LTLIBRARIES += camt053.la
camt053_la_SOURCES = plugins/camt053/camt053.c plugins/camt053/bankstmt.c plugins/camt053/bankstmt.h
camt053_la_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) $(GLIB_CFLAGS)
camt053_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
camt053_la_LIBADD = $(XML_LIBS) $(GLIB_LIBS)
