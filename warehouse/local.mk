# The region's warehouse (issue 20): a zone's dataset published into PostgreSQL.  It reads the
# dataset through SQLite and core/base; cli calls it; nothing below it includes it.
libcbeccore_la_SOURCES += warehouse/pq.c warehouse/pq.h warehouse/schema.c warehouse/schema.h \
	warehouse/copyrow.c warehouse/copyrow.h warehouse/publish.c warehouse/publish.h \
	warehouse/pull.c warehouse/pull.h warehouse/region.c warehouse/region.h
