/**
 * @file publish.h
 * @brief Publishing a zone's dataset into the region's PostgreSQL warehouse (issue 20).
 *
 * Every table of the dataset is read in rowid order and cut into batches of fixed rowid ranges
 * ([k*batch_rows, (k+1)*batch_rows)).  A batch whose rows hash (SHA-256 of their COPY text) to
 * what cbec_publish records for it was published already and is skipped; any other batch is
 * sent in one transaction: COPY into a staging table, INSERT ... ON CONFLICT DO UPDATE of the
 * rows that differ, DELETE of the zone's rows in the range the dataset no longer has, and the
 * batch's new hash.  So publishing again sends nothing, a changed or forgotten old row is
 * found by its batch's hash, and a publish killed or cut off half-way resumes where it
 * stopped: the batches committed before are skipped, none is half there.
 */
#ifndef CBEC_WH_PUBLISH_H
#define CBEC_WH_PUBLISH_H

#include <stdint.h>
#include <sqlite3.h>

/** Default [publish] batch_rows: rowids per batch (and per transaction). */
#define CBEC_PUBLISH_BATCH_ROWS 10000
/** Default [publish] retries: a lost connection is opened again this many times. */
#define CBEC_PUBLISH_RETRIES 3

typedef struct cbec_publish_opts {
    const char *uri;         /**< libpq connection URI or keyword string (postgresql://...) */
    const char *zone;        /**< the zone's code (cbec_publish_zone_valid) */
    int64_t batch_rows;      /**< rowids per batch; <= 0: CBEC_PUBLISH_BATCH_ROWS */
    const char *dataset;     /**< the dataset's path, for cbec_zone */
    int retries;             /**< times a lost connection is opened again before giving up (0: never) */
    const char *zone_name;   /**< the zone's name for readers ([publish] zone_name), NULL: none */
} cbec_publish_opts;

typedef struct cbec_publish_totals {
    int64_t tables, batches, batches_sent, rows_read, rows_sent, rows_changed, rows_deleted;
} cbec_publish_totals;

/** 1 when zone is a zone code: 1-32 of A-Z a-z 0-9 _ - (it names rows, locks and logs). */
int cbec_publish_zone_valid(const char *zone);
/**
 * Publish the dataset db (read in one snapshot) as zone into the warehouse at o->uri.
 * @return CBEC_EXIT_OK; CBEC_EXIT_LOCKED when another publish of the same zone holds the
 *         zone's lock; CBEC_EXIT_FAILED (logged) when the warehouse cannot be reached, set up
 *         or written -- the batches committed before stay and the next publish goes on from them.
 *         A connection lost half-way (a server restart, a failover, a network cut) is opened
 *         again up to o->retries times, and the publish goes on after its last committed batch.
 */
int cbec_publish(sqlite3 *db, const cbec_publish_opts *o, cbec_publish_totals *totals);

#endif
