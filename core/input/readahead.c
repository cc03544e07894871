/* Read-ahead; see readahead.h.  Two small FIFOs carry batches of items: the
 * producer takes an empty batch, fills it and queues it as full; the consumer
 * consumes its items in order and gives the batch back.  One pthread mutex
 * guards both FIFOs and the flags between the threads: its lock/unlock pairs are
 * the happens-before edges between the two threads' use of a batch (plain
 * pthreads, so helgrind and ThreadSanitizer can check that nothing else is
 * shared). */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>

#include "core/base/log.h"

#include "core/input/readahead.h"
#include "core/base/thread.h"

/* Items in flight: RA_BATCHES batches of RA_BATCH items.  Handing over a batch
 * instead of an item keeps thread wake-ups (futex calls) rare.  The ring holds
 * about thirty files' records: parsing and storing costs alternate between runs
 * of files (lists are costly to parse, receipts to store), and a deeper ring lets
 * each side work through the other's runs (measured on a 100k-trade night: 32
 * batches 20.5-21.2 s, 96 batches 19.2-19.4 s; about 25 MB more memory). */
#define RA_BATCH 32
#define RA_BATCHES 96
/* ... and by size: the input bytes behind the items in flight (a record's memory is
 * about its share of the input).  A batch goes out at RA_BATCH_BYTES; the producer
 * waits while RA_MAX_BYTES are in flight, so big records do not multiply the ring. */
#define RA_BATCH_BYTES (2 << 20)
/* A consumer waiting for items is handed a partial batch every RA_WAKE items. */
#define RA_WAKE 8
#define RA_MAX_BYTES (48 << 20)

typedef struct ra_batch {
    cbec_ra_item items[RA_BATCH];
    int n;                     /* items filled */
    int64_t bytes;             /* input bytes behind its items */
} ra_batch;

/* A FIFO of at most RA_BATCHES batch pointers (every batch is in one FIFO or in a hand). */
typedef struct ra_fifo {
    ra_batch *b[RA_BATCHES];
    int head, len;
    pthread_cond_t ready;      /* signalled when len goes up (or, for full, the producer finished) */
} ra_fifo;

struct cbec_readahead {
    pthread_mutex_t lock;
    ra_fifo empty, full;
    pthread_cond_t answered_cond;
    char *blocks;              /* the records' first text blocks, one mapping (NULL: their own) */
    size_t blocks_len;
    /* under lock */
    int consumer_waiting;      /* the consumer waits for a full batch */
    int finished;              /* the producer has returned */
    int64_t cancel_job;        /* job the consumer cancelled, -1: none */
    int cancel_all;            /* the consumer cancelled the run */
    int answered, answer;      /* the consumer's answer to cbec_readahead_ask */
    int64_t inflight;          /* input bytes behind the batches handed over, not yet given back */
    /* producer only */
    ra_batch *fill;            /* the batch being filled */
    int64_t last_bytes;        /* input position of the previous item (-1: none) */
    /* set by cbec_readahead_run */
    int inline_mode;           /* no thread: items are consumed as they are put */
    double producer_cpu;       /* the reader thread's CPU seconds (set when it ends) */
    double producer_wait, consumer_wait; /* seconds each side waited for the other */
    cbec_ra_produce_fn produce;
    void *pud;
    cbec_ra_consume_fn consume;
    void *cud;
    ra_batch batches[RA_BATCHES];
};

/* Call with ra->lock held. */
static void fifo_push_locked(ra_fifo *f, ra_batch *b)
{
    f->b[(f->head + f->len) % RA_BATCHES] = b;
    f->len++;
    pthread_cond_signal(&f->ready);
}

/* Call with ra->lock held and f->len > 0: the batch pushed last.  Empty batches are
 * taken this way: the one the consumer gave back last is still in the caches, while
 * the oldest one (taken first until issue 22) was last touched about 3,000 records ago,
 * and writing a record into it missed the caches at nearly every field. */
static ra_batch *fifo_pop_last_locked(ra_fifo *f)
{
    f->len--;
    return f->b[(f->head + f->len) % RA_BATCHES];
}

/* Call with ra->lock held and f->len > 0. */
static ra_batch *fifo_pop_locked(ra_fifo *f)
{
    ra_batch *b = f->b[f->head];
    f->head = (f->head + 1) % RA_BATCHES;
    f->len--;
    return b;
}

int cbec_readahead_is_last(cbec_status s)
{
    return !(s == CBEC_OK || s == CBEC_WARN || s == CBEC_RECORD_ERROR);
}

/* The ring's records, and their first text blocks in one mapping, on huge pages where
 * the kernel gives them on request: each of the 3,072 records was a 4 KB block of its
 * own, allocated and faulted in one by one on the reader thread (a heap growth and a
 * page fault each), and every record filled or stored was a TLB miss more.  Nothing
 * depends on getting huge pages: it is advice. */
static void ring_blocks(cbec_readahead *ra)
{
    size_t len = (size_t)RA_BATCHES * RA_BATCH * CBEC_RECORD_BLOCK;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        return;                /* each record allocates its own */
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE);
#endif
    ra->blocks = p;
    ra->blocks_len = len;
}

cbec_readahead *cbec_readahead_new(void)
{
    cbec_readahead *ra = g_new0(cbec_readahead, 1);
    int i, j;

    pthread_mutex_init(&ra->lock, NULL);
    pthread_cond_init(&ra->empty.ready, NULL);
    pthread_cond_init(&ra->full.ready, NULL);
    pthread_cond_init(&ra->answered_cond, NULL);
    ring_blocks(ra);
#ifdef MADV_HUGEPAGE
    {
        /* The records themselves (~9 MB, not touched yet: calloc maps them fresh). */
        uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), a = ((uintptr_t)ra->batches + page - 1) & ~(page - 1),
                  b = ((uintptr_t)(ra->batches + RA_BATCHES)) & ~(page - 1);
        if (b > a)
            madvise((void *)a, b - a, MADV_HUGEPAGE);
    }
#endif
    for (i = 0; i < RA_BATCHES; i++) {
        for (j = 0; j < RA_BATCH; j++) {
            cbec_record_init(&ra->batches[i].items[j].rec);
            if (ra->blocks)
                cbec_record_lend_block(&ra->batches[i].items[j].rec,
                                       ra->blocks + (size_t)(i * RA_BATCH + j) * CBEC_RECORD_BLOCK);
        }
        fifo_push_locked(&ra->empty, &ra->batches[i]);
    }
    return ra;
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The records after item n of b, fetched in steps (cbec_record_prefetch): filling one,
 * the reader thread missed the caches at nearly every line of it (issue 22). */
static void prefetch_ahead(ra_batch *b, int n)
{
    int k, j;
    if (n == 0)                /* a new batch: its first records had no steps yet */
        for (j = 0; j < 5; j++)
            for (k = 5; k > j; k--)
                cbec_record_prefetch(&b->items[j].rec, k);
    /* Record n + k takes step k: it had the steps above at the records before. */
    for (k = 0; k <= 5 && n + k < RA_BATCH; k++)
        cbec_record_prefetch(&b->items[n + k].rec, k);
#if defined(__GNUC__)
    if (n + 5 < RA_BATCH)
        __builtin_prefetch(&b->items[n + 5].status, 1, 3);
#endif
}

cbec_ra_item *cbec_readahead_slot(cbec_readahead *ra)
{
    cbec_ra_item *it;

    if (!ra->fill) {
        pthread_mutex_lock(&ra->lock);
        if (ra->empty.len == 0 || (ra->inflight >= RA_MAX_BYTES && ra->full.len > 0)) {
            double t0 = seconds();
            while (ra->empty.len == 0 || (ra->inflight >= RA_MAX_BYTES && ra->full.len > 0))
                pthread_cond_wait(&ra->empty.ready, &ra->lock);
            ra->producer_wait += seconds() - t0;
        }
        ra->fill = fifo_pop_last_locked(&ra->empty);
        pthread_mutex_unlock(&ra->lock);
        ra->fill->n = 0;
        ra->fill->bytes = 0;
    }
    /* The consumer has emptied its record and error (consumer_done). */
    it = &ra->fill->items[ra->fill->n];
    prefetch_ahead(ra->fill, ra->fill->n);
    it->control = 0;
    it->job = NULL;
    it->job_id = -1;
    it->status = CBEC_OK;
    it->bytes = -1;
    return it;
}

/* Consumer: an item is consumed; empty it for the producer here, where there is time to spare. */
static void consumer_done(cbec_ra_item *it)
{
    cbec_record_reset(&it->rec);
    memset(&it->err, 0, sizeof it->err);
}

int cbec_readahead_put(cbec_readahead *ra)
{
    ra_batch *b = ra->fill;
    int64_t job_id = b->items[b->n].job_id;
    int cancelled, control;

    if (ra->inline_mode) {
        ra->consume(ra, &b->items[b->n], ra->cud);
        consumer_done(&b->items[b->n]);
        return ra->cancel_all || (job_id >= 0 && ra->cancel_job == job_id);
    }
    if (b->items[b->n].bytes >= 0) {
        if (b->items[b->n].bytes > ra->last_bytes && ra->last_bytes >= 0)
            b->bytes += b->items[b->n].bytes - ra->last_bytes;
        ra->last_bytes = b->items[b->n].bytes;
    } else
        ra->last_bytes = -1;
    control = b->items[b->n].control;
    b->n++;
    /* Between checkpoints nothing is shared: no lock, no wake-up.  (A cancel is
     * noticed at the next checkpoint; the consumer ignores what comes before.) */
    if (b->n < RA_BATCH && b->bytes < RA_BATCH_BYTES && b->n % RA_WAKE != 0 && !control)
        return 0;
    pthread_mutex_lock(&ra->lock);
    cancelled = ra->cancel_all || (job_id >= 0 && ra->cancel_job == job_id);
    /* A batch goes out when full or big, or early when the consumer is idle (at the
     * start of a run it would otherwise wait for RA_BATCH items): with RA_WAKE
     * items or a control message, so that a faster consumer is not woken per item. */
    if (b->n == RA_BATCH || b->bytes >= RA_BATCH_BYTES || ra->consumer_waiting) {
        ra->inflight += b->bytes;
        fifo_push_locked(&ra->full, b);
        ra->fill = NULL;
    }
    pthread_mutex_unlock(&ra->lock);
    return cancelled;
}

int cbec_readahead_ask(cbec_readahead *ra)
{
    int v;

    pthread_mutex_lock(&ra->lock);
    if (!ra->inline_mode && ra->fill && ra->fill->n > 0) {
        ra->inflight += ra->fill->bytes;
        fifo_push_locked(&ra->full, ra->fill);
        ra->fill = NULL;
    }
    while (!ra->answered)
        pthread_cond_wait(&ra->answered_cond, &ra->lock);
    ra->answered = 0;
    v = ra->answer;
    pthread_mutex_unlock(&ra->lock);
    return v;
}

void cbec_readahead_answer(cbec_readahead *ra, int value)
{
    pthread_mutex_lock(&ra->lock);
    ra->answered = 1;
    ra->answer = value;
    pthread_cond_signal(&ra->answered_cond);
    pthread_mutex_unlock(&ra->lock);
}

void cbec_readahead_cancel(cbec_readahead *ra, int64_t job_id)
{
    pthread_mutex_lock(&ra->lock);
    if (job_id < 0)
        ra->cancel_all = 1;
    else
        ra->cancel_job = job_id;
    pthread_mutex_unlock(&ra->lock);
}

int cbec_readahead_cancelled(cbec_readahead *ra, int64_t job_id)
{
    int r;
    pthread_mutex_lock(&ra->lock);
    r = ra->cancel_all || (job_id >= 0 && ra->cancel_job == job_id);
    pthread_mutex_unlock(&ra->lock);
    return r;
}

static void *reader_main(void *p)
{
    cbec_readahead *ra = p;

    struct rusage ru;

    cbec_thread_name("cbec-reader");
    ra->produce(ra, ra->pud);
    getrusage(RUSAGE_THREAD, &ru);
    pthread_mutex_lock(&ra->lock);
    ra->producer_cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    if (ra->fill) {
        ra->inflight += ra->fill->n > 0 ? ra->fill->bytes : 0;
        fifo_push_locked(ra->fill->n > 0 ? &ra->full : &ra->empty, ra->fill);
    }
    ra->fill = NULL;
    ra->finished = 1;
    pthread_cond_signal(&ra->full.ready);
    pthread_mutex_unlock(&ra->lock);
    return NULL;
}

void cbec_readahead_run(cbec_readahead *ra, cbec_ra_produce_fn produce, void *pud, cbec_ra_consume_fn consume,
                        void *cud)
{
    pthread_t thread;
    double t_start = seconds();

    ra->produce = produce;
    ra->producer_wait = ra->consumer_wait = ra->producer_cpu = 0;
    ra->pud = pud;
    ra->consume = consume;
    ra->cud = cud;
    ra->fill = NULL;
    ra->finished = 0;
    ra->cancel_job = -1;
    ra->cancel_all = 0;
    ra->answered = 0;
    ra->consumer_waiting = 0;
    ra->inline_mode = 0;
    ra->inflight = 0;
    ra->last_bytes = -1;
    if (pthread_create(&thread, NULL, reader_main, ra) != 0) {
        /* No thread: produce here; put() consumes each item at once. */
        ra->inline_mode = 1;
        cbec_readahead_slot(ra);
        produce(ra, pud);
        fifo_push_locked(&ra->empty, ra->fill);
        ra->fill = NULL;
        ra->inline_mode = 0;
        return;
    }
    for (;;) {
        ra_batch *b;
        int i;
        pthread_mutex_lock(&ra->lock);
        if (ra->full.len == 0 && !ra->finished) {
            double t0 = seconds();
            while (ra->full.len == 0 && !ra->finished) {
                ra->consumer_waiting = 1;
                pthread_cond_wait(&ra->full.ready, &ra->lock);
            }
            ra->consumer_wait += seconds() - t0;
        }
        ra->consumer_waiting = 0;
        if (ra->full.len == 0) {
            pthread_mutex_unlock(&ra->lock);
            break;
        }
        b = fifo_pop_locked(&ra->full);
        pthread_mutex_unlock(&ra->lock);
        for (i = 0; i < b->n; i++) {
            consume(ra, &b->items[i], cud);
            consumer_done(&b->items[i]);
        }
        pthread_mutex_lock(&ra->lock);
        ra->inflight -= b->bytes;
        fifo_push_locked(&ra->empty, b);
        pthread_mutex_unlock(&ra->lock);
    }
    pthread_join(thread, NULL);
    /* Every batch is back in the empty FIFO. */
    cbec_debug("read-ahead: %.2f s, reader thread %.2f s CPU; the storer waited %.2f s, the reader %.2f s",
               seconds() - t_start, ra->producer_cpu, ra->consumer_wait, ra->producer_wait);
}

void cbec_readahead_free(cbec_readahead *ra)
{
    int i, j;

    if (!ra)
        return;
    for (i = 0; i < RA_BATCHES; i++)
        for (j = 0; j < RA_BATCH; j++)
            cbec_record_free(&ra->batches[i].items[j].rec);
    if (ra->blocks)
        munmap(ra->blocks, ra->blocks_len);
    pthread_cond_destroy(&ra->empty.ready);
    pthread_cond_destroy(&ra->full.ready);
    pthread_cond_destroy(&ra->answered_cond);
    pthread_mutex_destroy(&ra->lock);
    g_free(ra);
}
