/* Read-ahead; see readahead.h.  Two GAsyncQueues carry batches of records: the
 * reader pops an empty batch, fills it with next() and pushes it as full; the
 * storer takes their records in order and gives the batch back.  GAsyncQueue's mutex
 * gives the happens-before edge between the two threads' use of an item. */
#include <string.h>
#include <glib.h>

#include "readahead.h"

/* Records in flight: RA_BATCHES batches of RA_BATCH records.  Handing over a
 * batch instead of a record keeps thread wake-ups (futex calls) rare. */
#define RA_BATCH 32
#define RA_BATCHES 4

typedef struct ra_batch {
    cbec_ra_item items[RA_BATCH];
    int n;                     /* items filled */
    int taken;                 /* items the storer has taken */
} ra_batch;

struct cbec_readahead {
    const cbec_source_plugin *d;
    cbec_source *src;
    cbec_input *in;
    GAsyncQueue *empty, *full;
    GThread *thread;
    gint stop;                 /* set by the storer: do not call next() again */
    int done;                  /* the storer has taken the last item */
    ra_batch *cur;             /* the batch the storer is taking items from */
    ra_batch batches[RA_BATCHES];
};

int cbec_readahead_is_last(cbec_status s)
{
    return !(s == CBEC_OK || s == CBEC_WARN || s == CBEC_RECORD_ERROR);
}

static gpointer reader_main(gpointer p)
{
    cbec_readahead *ra = p;
    int last = 0;

    while (!last) {
        ra_batch *b = g_async_queue_pop(ra->empty);
        for (b->n = 0, b->taken = 0; b->n < RA_BATCH && !last; b->n++) {
            cbec_ra_item *it = &b->items[b->n];
            cbec_record_reset(&it->rec);
            memset(&it->err, 0, sizeof it->err);
            if (g_atomic_int_get(&ra->stop))
                it->status = CBEC_EOF;     /* a marker: the storer discards everything up to it */
            else
                it->status = ra->d->next(ra->src, &it->rec, &it->err);
            it->bytes = cbec_input_bytes(ra->in);
            last = cbec_readahead_is_last(it->status);
        }
        g_async_queue_push(ra->full, b);
    }
    return NULL;
}

cbec_readahead *cbec_readahead_new(void)
{
    cbec_readahead *ra = g_new0(cbec_readahead, 1);
    int i, j;

    ra->empty = g_async_queue_new();
    ra->full = g_async_queue_new();
    for (i = 0; i < RA_BATCHES; i++) {
        for (j = 0; j < RA_BATCH; j++)
            cbec_record_init(&ra->batches[i].items[j].rec);
        g_async_queue_push(ra->empty, &ra->batches[i]);
    }
    return ra;
}

int cbec_readahead_start(cbec_readahead *ra, const cbec_source_plugin *d, cbec_source *src, cbec_input *in)
{
    GError *gerr = NULL;

    ra->d = d;
    ra->src = src;
    ra->in = in;
    ra->stop = 0;
    ra->done = 0;
    ra->cur = NULL;
    ra->thread = g_thread_try_new("cbec-reader", reader_main, ra, &gerr);
    if (!ra->thread) {
        g_error_free(gerr);
        return -1;
    }
    return 0;
}

cbec_ra_item *cbec_readahead_next(cbec_readahead *ra)
{
    cbec_ra_item *it;
    if (!ra->cur)
        ra->cur = g_async_queue_pop(ra->full);
    it = &ra->cur->items[ra->cur->taken++];
    if (cbec_readahead_is_last(it->status))
        ra->done = 1;
    return it;
}

void cbec_readahead_release(cbec_readahead *ra, cbec_ra_item *item)
{
    /* Items are released in the order they were taken: the batch goes back
     * once its last item is released. */
    if (ra->cur && item == &ra->cur->items[ra->cur->n - 1]) {
        g_async_queue_push(ra->empty, ra->cur);
        ra->cur = NULL;
    }
}

void cbec_readahead_stop(cbec_readahead *ra)
{
    if (!ra->thread)
        return;
    g_atomic_int_set(&ra->stop, 1);
    /* Take what the reader still produces until its last item, so it is
     * never blocked waiting for an empty batch. */
    while (!ra->done)
        cbec_readahead_release(ra, cbec_readahead_next(ra));
    g_thread_join(ra->thread);
    ra->thread = NULL;
    /* Every batch is back in the empty queue: the last item was released. */
}

void cbec_readahead_free(cbec_readahead *ra)
{
    int i, j;

    if (!ra)
        return;
    cbec_readahead_stop(ra);
    for (i = 0; i < RA_BATCHES; i++)
        for (j = 0; j < RA_BATCH; j++)
            cbec_record_free(&ra->batches[i].items[j].rec);
    g_async_queue_unref(ra->empty);
    g_async_queue_unref(ra->full);
    g_free(ra);
}
