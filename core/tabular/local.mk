# The tabular reader behind tabular.h: tabular.c (open, rows, headers, look-ahead) over csv.c and
# xlsx.c (its shared strings: sst.c); table.c the reader state and row buffer they share (table.h),
# values.c the text of labels, numbers and Excel dates.
libcbeccore_la_SOURCES += core/tabular/tabular.h core/tabular/tabular.c core/tabular/table.h core/tabular/table.c \
	core/tabular/csv.h core/tabular/csv.c core/tabular/xlsx.h core/tabular/xlsx.c \
	core/tabular/sst.h core/tabular/sst.c core/tabular/values.h core/tabular/values.c
