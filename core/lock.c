/* flock(2): released by the kernel if the process dies, so no stale locks. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "core/lock.h"

/* The pid the holder wrote into the lock file, 0 when it cannot be read. */
static long holder_pid(int f)
{
    char buf[32];
    ssize_t n = pread(f, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return strtol(buf, NULL, 10);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

cbec_err cbec_lock_wait(const char *path, double wait_s, int *fd, long *holder)
{
    int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    double deadline = now_s() + (wait_s > 0 ? wait_s : 0);
    char pid[32];
    int n;

    *fd = -1;
    if (holder)
        *holder = 0;
    if (f < 0)
        return CBEC_ERR_IO;
    /* Polled rather than a blocking flock under alarm(2): no signal handler to share
     * with the rest of the process, and 100 ms is nothing against a night's work. */
    while (flock(f, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        struct timespec pause = {0, 100 * 1000 * 1000};
        if (e != EWOULDBLOCK && e != EINTR) {
            close(f);
            errno = e;
            return CBEC_ERR_IO;
        }
        if (now_s() >= deadline) {
            if (holder)
                *holder = holder_pid(f);
            close(f);
            return CBEC_ERR_LOCKED;
        }
        nanosleep(&pause, NULL);
    }
    /* The holder's pid, for the message of the process that finds it locked. */
    n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(f, 0) == 0 && pwrite(f, pid, (size_t)n, 0) != n) {
        /* informational only */
    }
    *fd = f;
    return CBEC_ERR_NONE;
}

cbec_err cbec_lock_take(const char *path, int *fd)
{
    return cbec_lock_wait(path, 0, fd, NULL);
}

void cbec_lock_release(int fd)
{
    if (fd >= 0) {
        flock(fd, LOCK_UN);
        close(fd);
    }
}
