# exports: `cbecflow export --for TARGET` -- the dataset's figures for a bank or a department
# as a versioned file set with a manifest (docs/exports.md).  It reads core, analysis and the
# statistics report's model (reports/); only cli/ calls it.
libcbeccore_la_SOURCES += \
	exports/export.c exports/export.h exports/target.h \
	exports/fileset.c exports/fileset.h \
	exports/bank.c exports/certificate.c exports/customs.c exports/tax.c exports/forex.c \
	exports/market.c exports/stats.c
