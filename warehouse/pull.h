/**
 * @file pull.h
 * @brief One zone's rows of the warehouse back into a SQLite dataset, so that the reports'
 * one set of queries (reports/providers) renders them unchanged (issue 20 item 2).
 */
#ifndef CBEC_WH_PULL_H
#define CBEC_WH_PULL_H

/** 1 when db names a PostgreSQL warehouse (a postgresql:// or postgres:// URI), not a file. */
int cbec_wh_is_uri(const char *db);
/**
 * Copy zone's rows of the warehouse at uri into a new dataset at path (created with the
 * newest schema; every table of it the warehouse has, column by column, NULL for a column
 * the warehouse lacks).  Rows are streamed (COPY ... TO STDOUT), one transaction.
 * @return 0, or -1 with *why (g_free); a zone the warehouse does not know is an error
 */
int cbec_wh_pull(const char *uri, const char *zone, const char *path, char **why);

#endif
