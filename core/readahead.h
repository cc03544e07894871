/**
 * @file readahead.h
 * @brief Read-ahead: a source plugin's next() runs on a reader thread while the
 *        calling thread stores the records it produced, so parsing and SQLite
 *        writes use both cores.
 *
 * The reader thread fills a fixed ring of records (memory stays bounded by
 * the ring size) and hands them over in order.  Only one thread ever calls
 * into the plugin at a time: open() before cbec_readahead_start(), next() on
 * the reader thread, close() after cbec_readahead_finish().
 */
#ifndef CBEC_READAHEAD_H
#define CBEC_READAHEAD_H

#include <stdint.h>

#include <cbecflow/plugin.h>

#include "input.h"
#include "record.h"

/** A record produced by next(), with its status and the input position after it. */
typedef struct cbec_ra_item {
    cbec_record rec;        /**< the record (valid until the item is given back) */
    cbec_error err;         /**< what next() reported */
    cbec_status status;     /**< what next() returned */
    int64_t bytes;          /**< cbec_input_bytes() right after this next() */
} cbec_ra_item;

typedef struct cbec_readahead cbec_readahead;

/** A read-ahead ring, reused for every input of an ingest. */
cbec_readahead *cbec_readahead_new(void);

/**
 * Start calling d->next(src) on a reader thread.
 * @param ra   the ring (idle: new, or after cbec_readahead_stop())
 * @param d    the plugin's descriptor
 * @param src  an open source of that plugin
 * @param in   the input the source reads (only its byte count is read)
 * @return 0, or -1 when no thread could be started (then call next() in the
 *         calling thread).
 */
int cbec_readahead_start(cbec_readahead *ra, const cbec_source_plugin *d, cbec_source *src, cbec_input *in);

/**
 * The next item, in the order next() produced them; blocks until it is ready.
 * The last item of a run is EOF or an error other than CBEC_RECORD_ERROR or
 * CBEC_WARN; after it, call cbec_readahead_stop().
 */
cbec_ra_item *cbec_readahead_next(cbec_readahead *ra);

/** Give an item back once it is stored, so the reader can refill it. */
void cbec_readahead_release(cbec_readahead *ra, cbec_ra_item *item);

/**
 * Stop the reader (records it read ahead and not yet taken are discarded, and
 * next() is not called again) and wait for its thread.  Safe at any point of
 * a run, also after the last item; the ring is then idle again.
 */
void cbec_readahead_stop(cbec_readahead *ra);

/** Free an idle ring. */
void cbec_readahead_free(cbec_readahead *ra);

/** 1 when a next() status ends the run (EOF, FATAL or any unknown status). */
int cbec_readahead_is_last(cbec_status s);

#endif
