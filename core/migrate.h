/**
 * @file migrate.h
 * @brief The dataset's schema on disk: created whole in a new file (core/schema.sql),
 * upgraded step by step in an older one, and checked for damage before a command writes.
 *
 * The store is the one owner of the schema: no other module runs CREATE/ALTER on the
 * dataset's tables (analysis keeps only TEMP tables of its own).
 */
#ifndef CBEC_MIGRATE_H
#define CBEC_MIGRATE_H

/** Schema version kept in PRAGMA user_version: 1 + the steps in migrations[] (core/migrate.c). */
#define CBEC_SCHEMA_VERSION 11

#include <sqlite3.h>

/**
 * Give a writable connection the newest schema (CBEC_SCHEMA_VERSION, core/store.h).
 * @param version the file's PRAGMA user_version: 0 for a new file (the whole schema is
 *                created, unless a second process created it meanwhile), lower than the
 *                newest for an older dataset (each step in a transaction of its own)
 * @return 0, or -1 with a malloc'd *why (g_free)
 */
int cbec_migrate(sqlite3 *db, const char *path, int version, char **why);

/**
 * PRAGMA quick_check on an existing dataset, bounded in time (see CHECK_SECONDS).
 * @return 0 when fine (or when the check ran out of time), -1 with *why when damaged
 */
int cbec_dataset_check(sqlite3 *db, const char *path, char **why);

#endif
