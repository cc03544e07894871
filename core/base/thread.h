/**
 * @file thread.h
 * @brief Small helpers for the core's own threads.
 */
#ifndef CBEC_THREAD_H
#define CBEC_THREAD_H

/**
 * Name the calling thread (at most 15 bytes are kept), so that `top -H`, perf
 * and gdb show which one it is.  Does nothing where the system has no names.
 */
void cbec_thread_name(const char *name);

#endif
