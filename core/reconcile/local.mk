libcbeccore_la_SOURCES += core/reconcile/reconcile.c
