/* A full disk for the tests, through LD_PRELOAD: once CBECFLOW_TEST_ENOSPC_AFTER
 * bytes have been written to SQLite's WAL files (names ending in "-wal"), the next
 * CBECFLOW_TEST_ENOSPC_FAILS writes to them (default 1) fail with ENOSPC, as a disk
 * that filled up and was then given room again would.  That is where a real full disk
 * meets cbecflow: WAL frames are written when a transaction commits.  Not a plugin,
 * never installed; built as a module only to be preloaded. */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static long long written;  /* bytes written to WAL files so far */
static long long failed;   /* writes refused so far */

static int is_wal(int fd)
{
    char link[64], path[4096];
    ssize_t n;

    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    n = readlink(link, path, sizeof path - 1);
    if (n < 4)
        return 0;
    path[n] = '\0';
    return strcmp(path + n - 4, "-wal") == 0;
}

/* 1 when this write must fail (errno set); counts the bytes of those that go through. */
static int refuse(int fd, size_t len)
{
    const char *after = getenv("CBECFLOW_TEST_ENOSPC_AFTER"), *fails = getenv("CBECFLOW_TEST_ENOSPC_FAILS");
    if (!after || !is_wal(fd))
        return 0;
    if (written + (long long)len > atoll(after) && failed < (fails ? atoll(fails) : 1)) {
        failed++;
        errno = ENOSPC;
        return 1;
    }
    written += (long long)len;
    return 0;
}

ssize_t write(int fd, const void *buf, size_t len)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "write");
    return refuse(fd, len) ? -1 : real(fd, buf, len);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "pwrite");
    return refuse(fd, len) ? -1 : real(fd, buf, len, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off64_t off)
{
    static ssize_t (*real)(int, const void *, size_t, off64_t);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "pwrite64");
    return refuse(fd, len) ? -1 : real(fd, buf, len, off);
}
