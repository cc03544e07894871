/* The clean-close mark of a dataset: lets an unchanged file skip the damage check. */
#ifndef CBEC_DATASET_MARK_H
#define CBEC_DATASET_MARK_H

/**
 * Whether the dataset file at path is exactly as the last clean close of a writing command
 * left it: same device, inode, size and status-change time as its mark (path + ".checked"),
 * and no write-ahead log with frames beside it.
 * @return 1 when unchanged since the mark, 0 otherwise (no mark, changed, or unreadable)
 */
int cbec_dataset_unchanged(const char *path);

/**
 * Record the mark of the dataset file at path, after its last connection was closed cleanly.
 * Nothing is recorded (and an old mark is removed) when a write-ahead log with frames remains.
 */
void cbec_dataset_mark(const char *path);

#endif
