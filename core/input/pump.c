/* Byte pump; see pump.h.  A FIFO of PUMP_CHUNKS chunks under one mutex: the
 * thread reserves the free slot after the FIFO, fills it outside the lock and
 * appends it; the consumer copies from the FIFO's head and gives slots back.
 * A chunk with n <= 0 ends the job. */
#include <pthread.h>
#include <string.h>
#include <glib.h>

#include "core/input/pump.h"
#include "core/base/thread.h"

#define PUMP_CHUNK (64 << 10)
#define PUMP_CHUNKS 16
/* A full FIFO wakes the pump again only when this many chunks are free, and a consumer
 * waiting on an empty one is woken when this many are filled (or the job ends): a
 * wake-up per chunk costs more than inflating it (a futex call and a context switch
 * each, most of the kernel time of an ingest; issue 22). */
#define PUMP_WAKE (PUMP_CHUNKS / 2)

typedef struct pump_chunk {
    char data[PUMP_CHUNK];
    ssize_t n;                 /* bytes, 0 = end, -1 = error */
    char *error;
} pump_chunk;

struct cbec_pump {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t to_pump, to_consumer;
    /* under lock */
    int has_job;               /* a job is set and the thread has not finished it */
    int stop;                  /* the consumer ended the job early */
    int quit;                  /* free: the thread exits */
    int head, len;             /* the FIFO of filled chunks */
    int pump_waiting;          /* the thread waits for free chunks */
    int consumer_waiting;      /* the consumer waits for a filled chunk */
    int64_t sleeps;            /* times either side went to sleep for the other (cbec_pump_sleeps) */
    /* the job: set by start (before has_job), used by the thread */
    cbec_pump_fill fill;
    void *ud;
    cbec_sha256 *sha;
    cbec_pump_after after;     /* run on the thread after a clean end (may be NULL) */
    void *after_ud;
    /* consumer only */
    int running;               /* started and not yet ended */
    size_t pos;                /* bytes of the head chunk already read */
    pump_chunk chunks[PUMP_CHUNKS];
};

static void *pump_main(void *arg)
{
    cbec_pump *p = arg;
    cbec_thread_name("cbec-pump");

    pthread_mutex_lock(&p->lock);
    for (;;) {
        int end = 0;
        while (!p->has_job && !p->quit)
            pthread_cond_wait(&p->to_pump, &p->lock);
        if (p->quit)
            break;
        while (!end) {
            pump_chunk *c;
            int clean_end;
            if (p->len == PUMP_CHUNKS) {
                p->sleeps++;
                p->pump_waiting = 1;
                while (p->len > PUMP_CHUNKS - PUMP_WAKE && !p->stop)
                    pthread_cond_wait(&p->to_pump, &p->lock);
                p->pump_waiting = 0;
            }
            if (p->stop)
                break;
            c = &p->chunks[(p->head + p->len) % PUMP_CHUNKS];
            pthread_mutex_unlock(&p->lock);
            c->error = NULL;
            c->n = p->fill(p->ud, c->data, sizeof c->data, &c->error);
            if (c->n > 0 && p->sha)
                cbec_sha256_update(p->sha, c->data, (size_t)c->n);
            end = c->n <= 0;
            clean_end = c->n == 0;
            pthread_mutex_lock(&p->lock);
            p->len++;
            if (p->consumer_waiting && (end || p->len >= PUMP_WAKE))
                pthread_cond_signal(&p->to_consumer);
            if (clean_end && !p->stop && p->after) {
                /* The consumer has every byte; the job's follow-up overlaps its last work. */
                pthread_mutex_unlock(&p->lock);
                p->after(p->after_ud);
                pthread_mutex_lock(&p->lock);
            }
        }
        p->has_job = 0;
        pthread_cond_broadcast(&p->to_consumer);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

cbec_pump *cbec_pump_new(void)
{
    cbec_pump *p = g_new0(cbec_pump, 1);

    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->to_pump, NULL);
    pthread_cond_init(&p->to_consumer, NULL);
    if (pthread_create(&p->thread, NULL, pump_main, p) != 0) {
        pthread_cond_destroy(&p->to_pump);
        pthread_cond_destroy(&p->to_consumer);
        pthread_mutex_destroy(&p->lock);
        g_free(p);
        return NULL;
    }
    return p;
}

void cbec_pump_start(cbec_pump *p, cbec_pump_fill fill, void *ud, cbec_sha256 *sha, cbec_pump_after after,
                     void *after_ud)
{
    pthread_mutex_lock(&p->lock);
    while (p->has_job)          /* the previous job's follow-up */
        pthread_cond_wait(&p->to_consumer, &p->lock);
    p->fill = fill;
    p->ud = ud;
    p->sha = sha;
    p->after = after;
    p->after_ud = after_ud;
    p->head = p->len = 0;
    p->stop = 0;
    p->has_job = 1;
    pthread_cond_signal(&p->to_pump);
    pthread_mutex_unlock(&p->lock);
    p->pos = 0;
    p->running = 1;
}

/* Wait until the thread has let go of the job, then drop what it left. */
static void finish(cbec_pump *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->has_job)
        pthread_cond_wait(&p->to_consumer, &p->lock);
    while (p->len > 0) {
        g_free(p->chunks[p->head].error);
        p->chunks[p->head].error = NULL;
        p->head = (p->head + 1) % PUMP_CHUNKS;
        p->len--;
    }
    pthread_mutex_unlock(&p->lock);
    p->running = 0;
}

/* Call with p->lock held: the last filled chunk ends the job (n <= 0). */
static int chunk_ends(const cbec_pump *p)
{
    return p->len > 0 && p->chunks[(p->head + p->len - 1) % PUMP_CHUNKS].n <= 0;
}

ssize_t cbec_pump_read(cbec_pump *p, void *buf, size_t len, char **error)
{
    pump_chunk *c;
    size_t k;

    if (!p->running)
        return 0;
    pthread_mutex_lock(&p->lock);
    if (p->len == 0) {
        p->sleeps++;
        p->consumer_waiting = 1;
        while (p->len == 0 || (p->len < PUMP_WAKE && p->has_job && !chunk_ends(p)))
            pthread_cond_wait(&p->to_consumer, &p->lock);
        p->consumer_waiting = 0;
    }
    c = &p->chunks[p->head];
    if (c->n <= 0) {
        /* The last chunk of the job: the thread may still run the job's follow-up
         * (cbec_pump_wait), but the consumer is done. */
        ssize_t r = c->n < 0 ? -1 : 0;
        if (r < 0) {
            *error = c->error ? c->error : g_strdup("read error");
            c->error = NULL;
        }
        p->head = (p->head + 1) % PUMP_CHUNKS;
        p->len--;
        pthread_mutex_unlock(&p->lock);
        p->running = 0;
        return r;
    }
    pthread_mutex_unlock(&p->lock);
    k = (size_t)c->n - p->pos < len ? (size_t)c->n - p->pos : len;
    memcpy(buf, c->data + p->pos, k);
    p->pos += k;
    if (p->pos == (size_t)c->n) {
        p->pos = 0;
        pthread_mutex_lock(&p->lock);
        p->head = (p->head + 1) % PUMP_CHUNKS;
        p->len--;
        if (p->pump_waiting && p->len <= PUMP_CHUNKS - PUMP_WAKE)
            pthread_cond_signal(&p->to_pump);
        pthread_mutex_unlock(&p->lock);
    }
    return (ssize_t)k;
}

void cbec_pump_stop(cbec_pump *p)
{
    if (!p->running)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_signal(&p->to_pump);
    pthread_mutex_unlock(&p->lock);
    finish(p);
}

void cbec_pump_wait(cbec_pump *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    while (p->has_job)
        pthread_cond_wait(&p->to_consumer, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

int64_t cbec_pump_sleeps(cbec_pump *p)
{
    int64_t n;
    pthread_mutex_lock(&p->lock);
    n = p->sleeps;
    pthread_mutex_unlock(&p->lock);
    return n;
}

int cbec_pump_busy(const cbec_pump *p)
{
    return p && p->running;
}

void cbec_pump_free(cbec_pump *p)
{
    if (!p)
        return;
    cbec_pump_stop(p);
    cbec_pump_wait(p);
    pthread_mutex_lock(&p->lock);
    p->quit = 1;
    pthread_cond_signal(&p->to_pump);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->to_pump);
    pthread_cond_destroy(&p->to_consumer);
    pthread_mutex_destroy(&p->lock);
    g_free(p);
}
