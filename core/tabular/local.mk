libcbeccore_la_SOURCES += core/tabular/tabular.h core/tabular/tabular.c
