/**
 * @file proc.h
 * @brief Which process a run belongs to: its pid and its start time, so that a run
 * left `running` by a killed process can be told from one still at work even when
 * the pid has been given to another process since.
 */
#ifndef CBEC_PROC_H
#define CBEC_PROC_H

#include <stdint.h>

/**
 * Start time of a process (field 22 of /proc/PID/stat: clock ticks since boot).
 * @return the start time, or -1 when the process does not exist (or is a zombie)
 */
int64_t cbec_proc_start_time(long pid);
/** Whether process pid is alive and is the one that started at start (from cbec_proc_start_time). */
int cbec_proc_alive(long pid, int64_t start);

#endif
