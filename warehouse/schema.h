/**
 * @file schema.h
 * @brief The warehouse's tables, derived at run time from the zone's SQLite dataset (one schema
 * owner: core/schema.sql), and their creation and migration in PostgreSQL.
 *
 * Every warehouse table has the SQLite table's columns (SQLite types mapped: INTEGER -> bigint,
 * TEXT -> text, REAL -> double precision) after two of its own: zone (the publishing zone's
 * code) and src_rowid (the row's rowid in the zone's dataset, which batches are cut by).  Its
 * primary key is zone + the SQLite table's primary key -- the row number the other tables refer
 * to (orders.order_id, flow.order_id ...), or the composite key of a child table -- and zone +
 * src_rowid for a table without one (flow_change).  The SQLite indexes become indexes led by
 * zone, and the SQLite views (v_orders ...) PostgreSQL views with the same local dates.
 */
#ifndef CBEC_WH_SCHEMA_H
#define CBEC_WH_SCHEMA_H

#include <glib.h>
#include <sqlite3.h>
#include <libpq-fe.h>

/** The warehouse's own schema version (cbec_warehouse_version), grown by one per step of
 *  warehouse/schema.c steps[]; the mirrored tables follow the zones' SQLite datasets. */
#define CBEC_WAREHOUSE_VERSION 2

/** One table of the zone's dataset as the warehouse mirrors it. */
typedef struct cbec_wh_table {
    char *name;
    GPtrArray *cols;   /**< column names, SQLite order (char *) */
    GPtrArray *types;  /**< their PostgreSQL types (char *) */
    GPtrArray *key;    /**< the SQLite primary key's columns; empty: keyed by src_rowid */
    GPtrArray *index_names; /**< the SQLite indexes, as warehouse index names (char *) */
    GPtrArray *index_cols;  /**< ... and their columns, "a, b" quoted (char *) */
} cbec_wh_table;

/** The zone dataset's tables (cbec_wh_table *, freed with the array), or NULL with *why. */
GPtrArray *cbec_wh_tables(sqlite3 *db, char **why);
/**
 * Create or migrate the warehouse under a cluster-wide advisory lock held for the one setup
 * transaction (zones starting at the same time take turns here, and only here): the version
 * steps, then every table, column and index the zone's dataset has and the warehouse lacks,
 * then the views when a table changed.  Nothing is altered when nothing is missing, so a
 * publish does not take a table lock that would queue the analysts' queries.
 * @return 0, or -1 with *why (g_free)
 */
int cbec_wh_ensure(PGconn *c, sqlite3 *db, GPtrArray *tables, char **why);

#endif
