# Credit scorecard, negative list and risk rule pack (issue 8, DESIGN §6).
libcbeccore_la_SOURCES += core/analyse/analyse.c core/analyse/analyse.h \
	core/analyse/credit.c core/analyse/risk.c
# The rule packs are installed next to the templates and read from $(pkgdatadir).
dist_pkgdata_DATA += etc/credit.rules etc/risk.rules
