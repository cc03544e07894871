libcbeccore_la_SOURCES += core/analyse/analyse.c
