# The demo night generator (`cbecflow demo`, issue 3): part of the core library.
libcbeccore_la_SOURCES += core/demo/demo.c core/demo/demo.h core/demo/catalog.c core/demo/catalog.h
