/* flock(2): released by the kernel if the process dies, so no stale locks. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "lock.h"

cbec_err cbec_lock_take(const char *path, int *fd)
{
    int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    char pid[32];
    int n;

    *fd = -1;
    if (f < 0)
        return CBEC_ERR_IO;
    if (flock(f, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(f);
        return e == EWOULDBLOCK ? CBEC_ERR_LOCKED : CBEC_ERR_IO;
    }
    /* The holder's pid, for the message of the run that finds it locked. */
    n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(f, 0) == 0 && write(f, pid, (size_t)n) != n) {
        /* informational only */
    }
    *fd = f;
    return CBEC_ERR_NONE;
}

void cbec_lock_release(int fd)
{
    if (fd >= 0) {
        flock(fd, LOCK_UN);
        close(fd);
    }
}
