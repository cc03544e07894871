libcbeccore_la_SOURCES += core/demo/demo.c
