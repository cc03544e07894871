/**
 * @file region.h
 * @brief Zones of the warehouse merged into one SQLite dataset: the region's report (issue 20).
 *
 * Every zone numbers its rows from 1, so the zones' row numbers collide.  In a region's dataset a
 * zone's row numbers are offset by its position (1-based, zones in code order) x 2^40: every
 * INTEGER PRIMARY KEY column (derived from PRAGMA table_info) and every column that refers to one
 * (the reference list, cbec_region_refs(): one place, walked by a unit test so that a new *_id
 * column of core/schema.sql cannot slip past it).
 *
 * Business keys may collide too: the same platform order published by two zones is one order.
 * The first zone in code order keeps it; a later zone's row with the same key (a UNIQUE
 * constraint or primary key of the table, or a declared business key) is left out, the rows that
 * belong to it (its order lines ...: an "owned" reference) go with it, and a reference to it from
 * a row that stays points at the kept row.  Every row left out is counted per table and zone
 * (region_overlap), and the zone of every input is source_file.origin_zone.
 */
#ifndef CBEC_WH_REGION_H
#define CBEC_WH_REGION_H

#include <stddef.h>
#include <stdint.h>

#include "core/store.h"   /* CBEC_REGION_SHIFT: how far one zone's row numbers are moved */

/** What a reference column holds. */
typedef enum cbec_region_ref_kind {
    CBEC_REF_POINTS = 0, /**< a row number of target; a left-out target row: the kept one */
    CBEC_REF_OWNED,      /**< ... and the row belongs to it: left out with it */
    CBEC_REF_BKEY,       /**< text 'B:<bank_txn id>' (flow.flow_key of a bank credit): the id inside is moved */
} cbec_region_ref_kind;

/** One column that refers to a row number of another (or the same) table. */
typedef struct cbec_region_ref {
    const char *table;   /**< the table, or "*" for every table having the column */
    const char *column;
    const char *target;  /**< the table referred to; "@kind": the table named by the row's kind column */
    cbec_region_ref_kind kind;
} cbec_region_ref;

/** The reference list (static), n receives its length. */
const cbec_region_ref *cbec_region_refs(size_t *n);
/** INTEGER columns whose names look like row numbers (*_id, *_run) but are not ("table.column";
 *  NULL-terminated, static). */
const char *const *cbec_region_not_ids(void);
/** The reference of table.column, or NULL. */
const cbec_region_ref *cbec_region_ref_of(const char *table, const char *column);

/** What a pull did (cbec_wh_pull_zones). */
typedef struct cbec_region_totals {
    int zones;
    int64_t rows_read, rows_kept, duplicates, differing, children;
    int64_t orders_overlap;   /**< orders published by more than one zone (counted once) */
} cbec_region_totals;

/**
 * Copy zones of the warehouse at uri into a new dataset at path (newest schema), in one snapshot,
 * streamed (COPY ... TO STDOUT), one SQLite transaction.  zones: the codes (any order; NULL: every
 * zone of the warehouse); region: 0 for one zone's own dataset (row numbers as published, no
 * origin_zone, no region_zone rows: its report is the zone's report), 1 for the region's.
 * @return 0, or -1 with *why (g_free); a zone the warehouse does not know is an error
 */
int cbec_wh_pull_zones(const char *uri, const char *const *zones, int region, const char *path,
                       cbec_region_totals *totals, char **why);

#endif
