/* Read-ahead; see readahead.h.  Two small FIFOs carry batches of records: the
 * reader takes an empty batch, fills it with next() and queues it as full; the
 * storer takes the records in order and gives the batch back.  One pthread mutex
 * guards both FIFOs and the stop flag: its lock/unlock pairs are the happens-before
 * edges between the two threads' use of a batch (plain pthreads, so helgrind and
 * ThreadSanitizer can check that nothing else is shared). */
#include <pthread.h>
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

/* A FIFO of at most RA_BATCHES batch pointers (every batch is in one FIFO or in a hand). */
typedef struct ra_fifo {
    ra_batch *b[RA_BATCHES];
    int head, len;
    pthread_cond_t ready;      /* signalled when len goes up */
} ra_fifo;

struct cbec_readahead {
    const cbec_source_plugin *d;
    cbec_source *src;
    cbec_input *in;
    pthread_mutex_t lock;
    ra_fifo empty, full;
    pthread_t thread;
    int running;               /* thread started and not joined */
    int stop;                  /* set by the storer: do not call next() again (under lock) */
    int storer_waiting;        /* the storer waits for a full batch (under lock) */
    int done;                  /* the storer has taken the last item (storer only) */
    ra_batch *cur;             /* the batch the storer is taking items from (storer only) */
    ra_batch batches[RA_BATCHES];
};

static void fifo_push(cbec_readahead *ra, ra_fifo *f, ra_batch *b)
{
    pthread_mutex_lock(&ra->lock);
    f->b[(f->head + f->len) % RA_BATCHES] = b;
    f->len++;
    pthread_cond_signal(&f->ready);
    pthread_mutex_unlock(&ra->lock);
}

static ra_batch *fifo_pop(cbec_readahead *ra, ra_fifo *f)
{
    ra_batch *b;
    pthread_mutex_lock(&ra->lock);
    while (f->len == 0) {
        if (f == &ra->full)
            ra->storer_waiting = 1;
        pthread_cond_wait(&f->ready, &ra->lock);
    }
    if (f == &ra->full)
        ra->storer_waiting = 0;
    b = f->b[f->head];
    f->head = (f->head + 1) % RA_BATCHES;
    f->len--;
    pthread_mutex_unlock(&ra->lock);
    return b;
}

/* Between two records: has the storer asked to stop, and is it idle (then a batch
 * goes out before it is full: at the start of a file the storer would otherwise wait
 * for RA_BATCH records to be parsed)? */
static void reader_poll(cbec_readahead *ra, int *stop, int *storer_idle)
{
    pthread_mutex_lock(&ra->lock);
    *stop = ra->stop;
    *storer_idle = ra->storer_waiting;
    pthread_mutex_unlock(&ra->lock);
}

int cbec_readahead_is_last(cbec_status s)
{
    return !(s == CBEC_OK || s == CBEC_WARN || s == CBEC_RECORD_ERROR);
}

static void *reader_main(void *p)
{
    cbec_readahead *ra = p;
    int last = 0;

    while (!last) {
        ra_batch *b = fifo_pop(ra, &ra->empty);
        int stop = 0, idle = 0;
        for (b->n = 0, b->taken = 0; b->n < RA_BATCH && !last && !(b->n > 0 && idle); b->n++) {
            cbec_ra_item *it = &b->items[b->n];
            cbec_record_reset(&it->rec);
            memset(&it->err, 0, sizeof it->err);
            if (stop)
                it->status = CBEC_EOF;     /* a marker: the storer discards everything up to it */
            else
                it->status = ra->d->next(ra->src, &it->rec, &it->err);
            it->bytes = cbec_input_bytes(ra->in);
            last = cbec_readahead_is_last(it->status);
            reader_poll(ra, &stop, &idle);
        }
        fifo_push(ra, &ra->full, b);
    }
    return NULL;
}

cbec_readahead *cbec_readahead_new(void)
{
    cbec_readahead *ra = g_new0(cbec_readahead, 1);
    int i, j;

    pthread_mutex_init(&ra->lock, NULL);
    pthread_cond_init(&ra->empty.ready, NULL);
    pthread_cond_init(&ra->full.ready, NULL);
    for (i = 0; i < RA_BATCHES; i++) {
        for (j = 0; j < RA_BATCH; j++)
            cbec_record_init(&ra->batches[i].items[j].rec);
        fifo_push(ra, &ra->empty, &ra->batches[i]);
    }
    return ra;
}

int cbec_readahead_start(cbec_readahead *ra, const cbec_source_plugin *d, cbec_source *src, cbec_input *in)
{
    ra->d = d;
    ra->src = src;
    ra->in = in;
    ra->stop = 0;
    ra->done = 0;
    ra->cur = NULL;
    if (pthread_create(&ra->thread, NULL, reader_main, ra) != 0)
        return -1;
    ra->running = 1;
    return 0;
}

cbec_ra_item *cbec_readahead_next(cbec_readahead *ra)
{
    cbec_ra_item *it;
    if (!ra->cur)
        ra->cur = fifo_pop(ra, &ra->full);
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
        fifo_push(ra, &ra->empty, ra->cur);
        ra->cur = NULL;
    }
}

void cbec_readahead_stop(cbec_readahead *ra)
{
    if (!ra->running)
        return;
    pthread_mutex_lock(&ra->lock);
    ra->stop = 1;
    pthread_mutex_unlock(&ra->lock);
    /* Take what the reader still produces until its last item, so it is
     * never blocked waiting for an empty batch. */
    while (!ra->done)
        cbec_readahead_release(ra, cbec_readahead_next(ra));
    pthread_join(ra->thread, NULL);
    ra->running = 0;
    /* Every batch is back in the empty FIFO: the last item was released. */
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
    pthread_cond_destroy(&ra->empty.ready);
    pthread_cond_destroy(&ra->full.ready);
    pthread_mutex_destroy(&ra->lock);
    g_free(ra);
}
