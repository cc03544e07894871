/**
 * @file model.h
 * @brief The in-memory report model: figures computed once, rendered twice.
 *
 * A data provider (statistics, reconciliation, credit, risk ...) fills a
 * cbec_rmodel with scalars (indicators with their last-month and last-year
 * values), small aggregated tables (bounded: top rows only), indicator
 * definitions, and detail queries (SQL streamed by the XLSX renderer, never
 * held in memory).  The template (template.h) says which of these appear
 * where; the XLSX and PDF renderers read the same model, so they agree to the
 * fen.
 */
#ifndef CBEC_RMODEL_H
#define CBEC_RMODEL_H

#include <stdint.h>
#include <glib.h>

/** Value types of scalars and table cells. */
typedef enum cbec_rtype {
    CBEC_RT_TEXT = 0,   /**< UTF-8 text */
    CBEC_RT_INT,        /**< a count */
    CBEC_RT_MONEY,      /**< CNY in fen (exact int64) */
    CBEC_RT_PCT,        /**< a ratio (0.123 = 12.3%) */
    CBEC_RT_NUM,        /**< a plain number (hours, index points), 1 decimal */
    CBEC_RT_DATE        /**< YYYY-MM-DD or YYYY-MM text */
} cbec_rtype;

/**
 * What the numbers of a column count, for charts and labels: a count is drawn with integer
 * labels and integer axis ticks, money in one unit shared with its table, a ratio in percent.
 * CBEC_RK_AUTO (a provider that sets nothing) infers it from the column type: INT is a
 * count, MONEY money, PCT a ratio, NUM a measure (1 decimal).
 */
typedef enum cbec_rkind {
    CBEC_RK_AUTO = 0,   /**< inferred from the column type */
    CBEC_RK_COUNT,      /**< whole things: orders, alerts, enterprises */
    CBEC_RK_MONEY,      /**< CNY */
    CBEC_RK_RATIO,      /**< a share or rate, shown in percent */
    CBEC_RK_MEASURE     /**< hours, index points: 1 decimal */
} cbec_rkind;

/** Periods a scalar is known for. */
enum { CBEC_P_CUR = 0, CBEC_P_PREV = 1, CBEC_P_LY = 2, CBEC_P_N = 3 };

/** One cell (or one period value of a scalar). */
typedef struct cbec_rcell {
    int null;        /**< 1 when there is no value */
    int64_t i;       /**< INT and MONEY */
    double d;        /**< PCT and NUM */
    char *s;         /**< TEXT and DATE (owned) */
} cbec_rcell;

/** An indicator value: current period, last month, same period last year. */
typedef struct cbec_rscalar {
    char *id;
    cbec_rtype type;
    cbec_rcell v[CBEC_P_N];
} cbec_rscalar;

/** A small aggregated table. */
typedef struct cbec_rtable {
    char *id;
    int ncols;
    char **col_ids;        /**< column ids (labels come from the template) */
    cbec_rtype *col_types;
    GPtrArray *rows;       /**< of cbec_rcell[ncols] */
    cbec_rkind *col_kinds; /**< per column; CBEC_RK_AUTO unless set (cbec_rtable_col_kind) */
    char **col_units;      /**< per column unit word ("条", "家"), NULL = the template's */
    int last_is_total;     /**< 1 when the last row sums the others (cbec_rtable_mark_total) */
} cbec_rtable;

/** A detail query: streamed row by row into the XLSX. */
typedef struct cbec_rdetail {
    char *id;
    char *sql;             /**< SELECT whose columns match col_ids */
    int ncols;
    char **col_ids;
    cbec_rtype *col_types;
    GPtrArray *params;     /**< text parameters bound as ?1..?n */
} cbec_rdetail;

/** An indicator definition (the catalogue entry shown in the notes). */
typedef struct cbec_rdef {
    char *id, *name, *unit, *dims, *definition;
} cbec_rdef;

/** The whole model. */
typedef struct cbec_rmodel {
    char *kind;            /**< statistics, reconciliation ... */
    char *lang;            /**< zh | en */
    char *date;            /**< business date YYYY-MM-DD */
    GHashTable *meta;      /**< free text values for the title block: period, issue ... */
    GHashTable *scalars;   /**< id -> cbec_rscalar* */
    GHashTable *tables;    /**< id -> cbec_rtable* */
    GHashTable *details;   /**< id -> cbec_rdetail* */
    GPtrArray *defs;       /**< of cbec_rdef*, catalogue order */
    void *db;              /**< sqlite3* the detail queries run on (not owned) */
} cbec_rmodel;

/** A new empty model. */
cbec_rmodel *cbec_rmodel_new(const char *kind, const char *lang, const char *date);
/** Free a model and everything in it. */
void cbec_rmodel_free(cbec_rmodel *m);
/** Set a meta text value (copied). */
void cbec_rmodel_meta(cbec_rmodel *m, const char *key, const char *value);
/** Meta value or NULL. */
const char *cbec_rmodel_get_meta(const cbec_rmodel *m, const char *key);

/** Add (or replace) a scalar; its periods start null. */
cbec_rscalar *cbec_rmodel_scalar(cbec_rmodel *m, const char *id, cbec_rtype type);
/** Set an integer-typed (INT, MONEY) period value. */
void cbec_rscalar_set_i(cbec_rscalar *s, int period, int64_t v);
/** Set a double-typed (PCT, NUM) period value. */
void cbec_rscalar_set_d(cbec_rscalar *s, int period, double v);
/** Find a scalar, or NULL. */
const cbec_rscalar *cbec_rmodel_get_scalar(const cbec_rmodel *m, const char *id);
/** Relative change of a scalar between the current period and period p (CBEC_P_PREV/LY); 0 when unknown. */
int cbec_rscalar_change(const cbec_rscalar *s, int p, double *out);
/** A scalar period value as a double (money in yuan); 0 when null. */
double cbec_rcell_as_double(const cbec_rcell *c, cbec_rtype t);

/**
 * Add a table.  cols is "id:type;id:type" with types text|int|money|pct|num|date.
 * @return the table, owned by the model
 */
cbec_rtable *cbec_rmodel_table(cbec_rmodel *m, const char *id, const char *cols);
/** Append an empty row (all cells null) and return its cells. */
cbec_rcell *cbec_rtable_row(cbec_rtable *t);
/** Column index by id, or -1. */
int cbec_rtable_col(const cbec_rtable *t, const char *col_id);
/** Find a table, or NULL. */
const cbec_rtable *cbec_rmodel_get_table(const cbec_rmodel *m, const char *id);
/**
 * Say what a column counts (charts: integer labels and ticks for counts) and, optionally, the
 * unit word of a count or measure in the report's language ("条", "alerts"; NULL keeps the
 * template's).  Unknown column ids are ignored.
 */
void cbec_rtable_col_kind(cbec_rtable *t, const char *col_id, cbec_rkind kind, const char *unit);
/** Mark the row just added as the table's total: renderers do not number it as one more item.
 *  Adding a row after it takes the mark away. */
void cbec_rtable_mark_total(cbec_rtable *t);
/** The kind of column col: as set, else inferred from its type (never CBEC_RK_AUTO). */
cbec_rkind cbec_rtable_kind(const cbec_rtable *t, int col);
/** The unit word set for column col, or NULL. */
const char *cbec_rtable_unit(const cbec_rtable *t, int col);
/** The kind a column type implies (INT count, MONEY money, PCT ratio, else measure). */
cbec_rkind cbec_rkind_of_type(cbec_rtype type);

/**
 * Add a detail query (streamed by the XLSX renderer).  cols as for tables;
 * params are copied and bound as text ?1..?n (NULL-terminated list).
 */
cbec_rdetail *cbec_rmodel_detail(cbec_rmodel *m, const char *id, const char *cols, const char *sql, ...)
    G_GNUC_NULL_TERMINATED;
/** Find a detail, or NULL. */
const cbec_rdetail *cbec_rmodel_get_detail(const cbec_rmodel *m, const char *id);

/** Append a definition (strings copied). */
void cbec_rmodel_def(cbec_rmodel *m, const char *id, const char *name, const char *unit, const char *dims,
                     const char *definition);

/** Multiply every MONEY and INT value by k (layout stress tests: "10x the figures"). */
void cbec_rmodel_scale(cbec_rmodel *m, int k);

/** Parse a type name (text|int|money|pct|num|date); -1 when unknown. */
int cbec_rtype_parse(const char *name);

#endif
