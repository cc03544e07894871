libcbeccore_la_SOURCES += reports/report.c
