/* Parse ahead; see ahead.h.  One mutex guards the free list of containers, the
 * FIFO of results and the flags; the thread parses outside it. */
#include <pthread.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "ahead.h"

/* Containers parsed and not yet used, and the bytes of values they may hold (a
 * container may hold 8 MiB).  The containers belong to the reader: the ones next()
 * is done with go back to it as spares. */
#define AHEAD_POOL 16
#define AHEAD_MAX_BYTES (16u << 20)
/* A side waiting for the other is woken when this many containers are ready
 * (or free), not for each one: per-container wake-ups cost more than parsing. */
#define AHEAD_WAKE 4

typedef struct ahead_item {
    int rc;
    ceb_container *c;
    cbec_error err;
} ahead_item;

struct ceb_ahead {
    ceb_reader *rd;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t to_thread, to_next;
    /* under lock */
    ceb_container *free[AHEAD_POOL + 4];
    int nfree;
    ahead_item q[AHEAD_POOL + 2];
    int qhead, qlen;
    size_t qbytes;
    int stop;
    int thread_waiting, next_waiting;
    /* next() side only */
    int final;                 /* EOF or FATAL was returned: repeat it */
    int final_rc;
    cbec_error final_err;
};

static void *ahead_main(void *arg)
{
    ceb_ahead *a = arg;
#ifdef __linux__
    /* A name for top -H, perf and gdb. */
    prctl(PR_SET_NAME, "ceb-parse", 0, 0, 0);
#endif

    pthread_mutex_lock(&a->lock);
    for (;;) {
        ceb_container *spare, *out = NULL;
        cbec_error err;
        ahead_item *it;
        int rc;

        while (!a->stop && (a->qlen >= AHEAD_POOL || (a->qbytes > AHEAD_MAX_BYTES && a->qlen > 0))) {
            if (a->next_waiting)
                pthread_cond_signal(&a->to_next);   /* never both asleep: qlen > 0 here */
            a->thread_waiting = 1;
            pthread_cond_wait(&a->to_thread, &a->lock);
            a->thread_waiting = 0;
        }
        if (a->stop)
            break;
        spare = a->nfree ? a->free[--a->nfree] : NULL;
        pthread_mutex_unlock(&a->lock);
        memset(&err, 0, sizeof err);
        rc = ceb_reader_next(a->rd, &spare, &out, &err);
        pthread_mutex_lock(&a->lock);
        it = &a->q[(a->qhead + a->qlen) % (AHEAD_POOL + 2)];
        it->rc = rc;
        it->c = rc == CEB_READ_CONTAINER ? out : NULL;
        it->err = err;
        a->qlen++;
        a->qbytes += it->c ? it->c->bytes : 0;
        if (a->next_waiting && (a->qlen >= AHEAD_WAKE || rc != CEB_READ_CONTAINER))
            pthread_cond_signal(&a->to_next);
        if (rc != CEB_READ_CONTAINER)
            break;
    }
    pthread_mutex_unlock(&a->lock);
    return NULL;
}

ceb_ahead *ceb_ahead_new(ceb_reader *rd)
{
    ceb_ahead *a = calloc(1, sizeof *a);

    if (!a)
        return NULL;
    a->rd = rd;
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->to_thread, NULL);
    pthread_cond_init(&a->to_next, NULL);
    if (pthread_create(&a->thread, NULL, ahead_main, a) != 0) {
        pthread_cond_destroy(&a->to_thread);
        pthread_cond_destroy(&a->to_next);
        pthread_mutex_destroy(&a->lock);
        free(a);
        return NULL;
    }
    return a;
}

int ceb_ahead_next(ceb_ahead *a, ceb_container **out, cbec_error *err)
{
    ahead_item it;

    *out = NULL;
    if (a->final) {
        *err = a->final_err;
        return a->final_rc;
    }
    pthread_mutex_lock(&a->lock);
    while (a->qlen == 0) {
        if (a->thread_waiting)
            pthread_cond_signal(&a->to_thread);     /* never both asleep: it has free containers */
        a->next_waiting = 1;
        pthread_cond_wait(&a->to_next, &a->lock);
        a->next_waiting = 0;
    }
    it = a->q[a->qhead];
    a->qhead = (a->qhead + 1) % (AHEAD_POOL + 2);
    a->qlen--;
    a->qbytes -= it.c ? it.c->bytes : 0;
    pthread_mutex_unlock(&a->lock);
    if (it.rc != CEB_READ_CONTAINER) {
        a->final = 1;
        a->final_rc = it.rc;
        a->final_err = it.err;
        *err = it.err;
        return it.rc;
    }
    *out = it.c;
    return it.rc;
}

void ceb_ahead_release(ceb_ahead *a, ceb_container *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&a->lock);
    /* Kept for the reader to reuse; a surplus stays with the reader, which frees it. */
    if (a->nfree < (int)(sizeof a->free / sizeof a->free[0]))
        a->free[a->nfree++] = c;
    if (a->thread_waiting && a->qlen <= AHEAD_POOL - AHEAD_WAKE && a->qbytes <= AHEAD_MAX_BYTES / 2)
        pthread_cond_signal(&a->to_thread);
    pthread_mutex_unlock(&a->lock);
}

void ceb_ahead_free(ceb_ahead *a)
{
    if (!a)
        return;
    pthread_mutex_lock(&a->lock);
    a->stop = 1;
    pthread_cond_signal(&a->to_thread);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    pthread_cond_destroy(&a->to_thread);
    pthread_cond_destroy(&a->to_next);
    pthread_mutex_destroy(&a->lock);
    free(a);
}
