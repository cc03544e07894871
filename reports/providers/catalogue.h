/**
 * @file catalogue.h
 * @brief The statistics indicator catalogue: id, name, unit, dimensions and written definition of
 *        every indicator, printed in the XLSX definitions sheet and the PDF notes.
 */
#ifndef CBEC_CATALOGUE_H
#define CBEC_CATALOGUE_H

#include <stddef.h>

#include "reports/model/model.h"

/** One catalogue entry. */
typedef struct cbec_indicator {
    const char *id;
    const char *name_en, *name_zh;
    const char *unit_en, *unit_zh;
    const char *dims_en, *dims_zh;
    const char *def_en, *def_zh;
} cbec_indicator;

/** The catalogue (static), n receives its length. */
const cbec_indicator *cbec_stats_catalogue(size_t *n);
/** A catalogue entry by id, or NULL. */
const cbec_indicator *cbec_stats_indicator(const char *id);
/** Add the catalogue's definitions in lang (zh | en) to a model. */
void cbec_stats_add_definitions(cbec_rmodel *m, const char *lang);

#endif
