/**
 * @file providers.h
 * @brief Report data providers: the dataset turned into a report model.
 *
 * One provider per report kind, registered by name in providers.c.  A provider
 * reads the dataset (it may create TEMP tables) and fills the model; it knows
 * nothing of XLSX or PDF.
 */
#ifndef CBEC_PROVIDERS_H
#define CBEC_PROVIDERS_H

#include <sqlite3.h>

#include "reports/providers/context.h"

/** The provider registered under name (reports/providers/providers.c), or NULL. */
cbec_report_provider cbec_report_find_provider(const char *name);


#endif
