/**
 * @file checkpoint.h
 * @brief WAL checkpoints on a thread of their own while ingesting.
 *
 * SQLite checkpoints a WAL database in the connection that commits: the
 * storing thread then copies the log into the database file and waits for two
 * fsyncs, while the readers behind it fill their queue and stop.  A
 * checkpointer takes that work to a second connection on a thread of its own.
 * A passive checkpoint there never blocks the writer; because the writer
 * starts its next transaction at once, the log could still grow without end,
 * so when it passes max_pages the writer waits for the thread and finishes the
 * checkpoint itself: the log then starts over (bounded, like SQLite's own).
 */
#ifndef CBEC_CHECKPOINT_H
#define CBEC_CHECKPOINT_H
#include <stdint.h>
#include <sqlite3.h>

typedef struct cbec_checkpointer cbec_checkpointer;

/**
 * Take over the checkpoints of db, a WAL connection to the file path: after a
 * commit leaves at least pages pages in the log, the thread checkpoints; past
 * max_pages the committing thread finishes one itself.
 * @return the checkpointer, or NULL when it cannot start (no thread or no
 *         second connection); db then keeps SQLite's automatic checkpoints
 */
cbec_checkpointer *cbec_checkpointer_start(sqlite3 *db, const char *path, int pages, int max_pages);

/**
 * Wait for the thread, close its connection and give db back SQLite's
 * automatic checkpoints (every 1000 pages).
 * @return how many log frames (pages) the thread copied into the database
 */
int64_t cbec_checkpointer_stop(cbec_checkpointer *ck);

#endif
