/**
 * @file readahead.h
 * @brief Read-ahead: the reading side of an ingest (walking archives, probing,
 *        the plugin's open/next/close) runs on a reader thread while the calling
 *        thread stores what it produced, so parsing and SQLite writes use both
 *        cores -- also across files: the next file is parsed while the previous
 *        one is committed.
 *
 * The producer fills a fixed ring of items (memory stays bounded by the ring
 * size) and hands them over in order; the consumer sees every item once, in
 * that order.  An item is a record, or a control message about a job (a file)
 * whose meaning is the caller's.  Only the producer calls into plugins.
 */
#ifndef CBEC_READAHEAD_H
#define CBEC_READAHEAD_H

#include <stdint.h>

#include <cbecflow/plugin.h>

#include "core/base/record.h"

/** One item from the producer: a record (control == 0) or a control message. */
typedef struct cbec_ra_item {
    int control;            /**< 0: a record; else the caller's message code */
    void *job;              /**< the caller's job (file) this item belongs to */
    int64_t job_id;         /**< that job's number (increasing; for cbec_readahead_cancel) */
    cbec_record rec;        /**< the record (valid until the item is consumed) */
    cbec_error err;         /**< what next() reported */
    cbec_status status;     /**< what next() returned */
    int64_t bytes;          /**< input bytes read right after this next() */
} cbec_ra_item;

typedef struct cbec_readahead cbec_readahead;

/** The producer: runs on the reader thread (or inline, see cbec_readahead_run). */
typedef void (*cbec_ra_produce_fn)(cbec_readahead *ra, void *ud);
/** The consumer: called on the calling thread for every item, in order. */
typedef void (*cbec_ra_consume_fn)(cbec_readahead *ra, cbec_ra_item *it, void *ud);

/** A read-ahead ring, reused for every run of an ingest. */
cbec_readahead *cbec_readahead_new(void);

/**
 * Run produce on a reader thread and consume every item it puts on this
 * thread; returns when produce has returned and its last item is consumed.
 * When no thread can be started both run on this thread, each item being
 * consumed as soon as it is put.
 */
void cbec_readahead_run(cbec_readahead *ra, cbec_ra_produce_fn produce, void *pud, cbec_ra_consume_fn consume,
                        void *cud);

/** Producer: the next empty item to fill (record reset, err zeroed); blocks while the ring is full. */
cbec_ra_item *cbec_readahead_slot(cbec_readahead *ra);

/**
 * Producer: hand over the item from cbec_readahead_slot().
 * @return 1 when the consumer has cancelled the item's job or the whole run
 */
int cbec_readahead_put(cbec_readahead *ra);

/**
 * Producer: hand over everything put so far and wait until the consumer has
 * answered the last control item (cbec_readahead_answer).
 * @return the consumer's answer
 */
int cbec_readahead_ask(cbec_readahead *ra);

/** Consumer: answer the control item the producer waits on in cbec_readahead_ask(). */
void cbec_readahead_answer(cbec_readahead *ra, int value);

/**
 * Consumer: the producer should stop producing for job job_id (its items are
 * still delivered until the producer notices); job_id < 0 stops the whole run.
 */
void cbec_readahead_cancel(cbec_readahead *ra, int64_t job_id);

/** Producer: has the consumer cancelled job job_id, or the whole run (job_id < 0: the run only)? */
int cbec_readahead_cancelled(cbec_readahead *ra, int64_t job_id);

/** Free an idle ring. */
void cbec_readahead_free(cbec_readahead *ra);

/** 1 when a next() status ends a file (EOF, FATAL or any unknown status). */
int cbec_readahead_is_last(cbec_status s);

#endif
