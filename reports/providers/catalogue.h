/**
 * @file catalogue.h
 * @brief The statistics indicator catalogue: id, name, unit, dimensions and written definition of
 *        every indicator, printed in the XLSX definitions sheet and the PDF notes.
 */
#ifndef CBEC_CATALOGUE_H
#define CBEC_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

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
/** What the definitions say about the report at hand: its period and data. */
typedef struct cbec_stats_scope {
    const char *kind;                       /**< day | month | quarter | half | year | ytd (NULL: month) */
    int month;                              /**< the business month (ytd: 1-N months) */
    const char *from, *to;                  /**< the period YYYY-MM-DD */
    const char *as_of;                      /**< when the newest input was ingested (display text), or NULL */
    const char *retail_modes, *b2b_modes;   /**< the trade modes of each business ("9610、1210") */
    int region_zones;                       /**< a region's dataset: the zones merged (0: a zone's own) */
    int64_t overlap_orders;                 /**< ... orders two or more zones published, counted once */
    int64_t overlap_rows, overlap_differing; /**< ... rows of every table counted once; of them differing */
} cbec_stats_scope;

/** Add the sources note and the catalogue's definitions in lang (zh | en) to a model; the comparison entry
 *  (mom_yoy) describes scope's period.  scope may be NULL (month to date). */
void cbec_stats_add_definitions(cbec_rmodel *m, const char *lang, const cbec_stats_scope *scope);

#endif
