/**
 * @file tabkit.h
 * @brief Helpers shared by the tabular source plugins (compiled into each plugin;
 * they reach the core only through the host table).
 *
 * - column maps as data: an INI text (`[columns] field = alias | alias ...`,
 *   `[required] fields = a | b`) compiled in from plugins/NAME/columns.ini, overlaid by
 *   the file named in the plugin's `columns` config key;
 * - bounded grouping of rows by a key (an order, a posting): at most `cap` groups
 *   are open, the oldest is flushed first, the rest at end of input;
 * - dates in the formats the exports use, money through host->money_parse, and
 *   country names (Chinese, English, Russian, ISO-2) to ISO 3166 alpha-2.
 */
#ifndef CBEC_TABKIT_H
#define CBEC_TABKIT_H

#include <stdint.h>
#include <glib.h>

#include <cbecflow/host.h>
#include <cbecflow/record.h>

/** A column map: field name -> aliases, bound to the columns of a table. */
typedef struct tk_map {
    char *source;              /**< where the map came from (for messages) */
    guint nfields;
    const char *const *fields; /**< the plugin's field names (static) */
    char ***aliases;           /**< per field, NULL-terminated (may be empty) */
    gboolean *required;
    long *col;                 /**< bound column per field, -1 when absent */
    char **header_hint;        /**< per field: header text the column was found under */
    char **all;                /**< every alias, for header detection */
    int *mark;                 /**< per field: decimal mark '.' or ',', 0 auto, -1 not a number field */
    int *evidence;             /**< per field: what the look-ahead proved (tab_decimal_mark), 0 none */
    int *personal;             /**< per field: CBEC_PERSONAL_ID/PHONE ([personal] of columns.ini) or 0 */
} tk_map;

/**
 * Load the map: the built-in INI text, overlaid by the file in config key "columns".
 * @return 0, or -1 with err filled (BAD_CONFIG)
 */
int tk_map_load(tk_map *m, const cbec_host *h, cbec_input *in, const char *plugin, const char *builtin_ini,
                const char *const *fields, guint nfields, cbec_error *err);
/** Bind the fields to the table's header; a missing required field is -1 with err naming the map,
 *  the expected header and the nearest header found (MISSING_COLUMN). */
int tk_map_bind(tk_map *m, const cbec_host *h, cbec_table *t, cbec_error *err);
/** Cell of a field in the current row ("" when unmapped). */
const char *tk_cell(const tk_map *m, const cbec_host *h, cbec_table *t, guint field);
/** Release the map. */
void tk_map_free(tk_map *m);
/**
 * Parse a decimal mark setting: "." / "point", "," / "comma", "auto".
 * @return '.', ',', 0 for auto, -1 when none of these
 */
int tk_mark_of(const char *text);

/** One open group: its key, the locator of its first row, and row snapshots. */
typedef struct tk_group {
    char *key;
    char *locator;
    GPtrArray *rows;           /**< of char** (nfields values + locator) */
} tk_group;

/** Bounded set of open groups, flushed oldest first. */
typedef struct tk_grouper {
    GHashTable *open;          /**< key -> tk_group* */
    GQueue order;              /**< of tk_group*, oldest first */
    guint cap;
    guint nfields;
} tk_grouper;

/** Initialise with a cap on open groups. */
void tk_grouper_init(tk_grouper *g, guint nfields, guint cap);
/** Add a snapshot of the mapped cells to the group of key (created when new). */
tk_group *tk_grouper_add(tk_grouper *g, const char *key, const char *locator, char **vals);
/** The oldest group when more than cap are open (or any when flush_all), removed from the set. */
tk_group *tk_grouper_take(tk_grouper *g, int flush_all);
/** Number of open groups. */
guint tk_grouper_size(const tk_grouper *g);
/** Release the grouper and its open groups. */
void tk_grouper_free(tk_grouper *g);
/** Release a group taken from the grouper. */
void tk_group_free(tk_group *grp, guint nfields);
/** Snapshot the mapped cells of the current row (g_strfreev-compatible array of nfields + locator). */
char **tk_snapshot(const tk_map *m, const cbec_host *h, cbec_table *t);
/** First non-empty value of a field across the group's rows ("" when none). */
const char *tk_first(const tk_group *grp, guint field);

/**
 * Parse a date or date-time: 2025-07-03[ T]07:17:48[ UTC|Z|+03:00|-0400], 2025/07/03, 03.07.2025[ 10:00[:00]],
 * Jul-25-26 / Jul-25-2026, 20250703[hhmmss].  Times without an offset get default_offset ("+08:00").
 * @return 2 date-time written as ISO 8601 with offset, 1 date only ("2025-07-03"), 0 not a date
 */
int tk_time(const char *text, const char *default_offset, char *out, size_t outlen);
/**
 * Parse an amount with host->money_parse into minor units of currency.
 * @return 0 ok, 1 empty text (out = 0), -1 not an amount or overflow
 */
int tk_money(const cbec_host *h, const char *text, const char *currency, int64_t *out);
/** Rows the reader looks ahead to find each number column's decimal mark. */
#define TK_DECIMAL_LOOKAHEAD 1000

typedef struct tk_src tk_src;
/**
 * Parse a number of a field by its decimal mark (the map's `[decimal_mark]`, the plugin's
 * `decimal_mark` config key, else auto: the value's own evidence, else the column's in
 * the look-ahead rows).  A value that stays ambiguous ("1,250" in a column whose first
 * rows prove nothing) is read with ',' grouping and, when rec is given, an
 * AMBIGUOUS_DECIMAL finding names the column, the value and the reading.  A value that
 * proves the other mark than the one declared is refused.
 * @return 0 ok, 1 empty text (out = 0), -1 not a number, overflow, or against the declared mark
 */
int tk_number(tk_src *s, guint field, const char *text, unsigned scale, int64_t *out, cbec_record *rec);
/** tk_number() at the scale of the currency's minor unit. */
int tk_money_field(tk_src *s, guint field, const char *text, const char *currency, int64_t *out, cbec_record *rec);

/** ISO 3166 alpha-2 of a country given as ISO-2/ISO-3, English, Chinese or Russian name; NULL if unknown. */
const char *tk_country(const char *text);
/** Copy a reason, locator and message into err; returns CBEC_RECORD_ERROR. */
cbec_status tk_fail(cbec_error *err, const char *reason, const char *locator, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/** True when the NUL-terminated needle occurs in the probe head. */
int tk_head_has(const unsigned char *head, size_t len, const char *needle);
/** Is the text an integer quantity (digits only)? Sets *q. */
int tk_int(const char *text, int64_t *q);

#endif

/* ---------------- a pull driver shared by the grouping plugins ---------------- */

typedef struct tk_src tk_src;

/** One ready output: a flushed group (kind = grouper index) or plugin data. */
typedef struct tk_item {
    int kind;
    tk_group *grp;
    void *data;
    void (*free_data)(void *);
} tk_item;

/** What a plugin plugs into the driver. */
typedef struct tk_ops {
    /** File the current row (tk_group_row ...); CBEC_OK, or CBEC_RECORD_ERROR with err. */
    cbec_status (*row)(tk_src *s, cbec_error *err);
    /** Build the record of a ready item; CBEC_OK or CBEC_RECORD_ERROR. */
    cbec_status (*build)(tk_src *s, tk_item *it, cbec_record *rec, cbec_error *err);
    /** At end of input, after every group was flushed: push the last items (may be NULL). */
    void (*finish)(tk_src *s);
} tk_ops;

/** The per-input state of a tabular plugin using the driver. */
struct tk_src {
    const cbec_host *h;
    cbec_input *in;
    cbec_table *t;
    tk_map map;
    tk_grouper g[2];
    int ngroupers;
    GQueue ready;              /**< of tk_item* */
    int eof, finished;
    const tk_ops *ops;
    void *priv;                /**< the plugin's own state */
    char tz[8];                /**< default offset of times without one */
    char currency[8];          /**< default currency */
    GHashTable *carriers;      /**< folded carrier name -> logistics code (config carrier_codes) */
};

/**
 * Open: load the column map, open the table (header found by the map's aliases) and bind it.
 * opt may preset format/encoding/skip_rows; header_aliases is filled from the map.
 */
cbec_status tk_open(tk_src *s, cbec_input *in, const cbec_host *h, const char *plugin, const char *ini,
                    const char *const *fields, guint nfields, cbec_tab_options *opt, int ngroupers,
                    const tk_ops *ops, cbec_error *err);
/** Add the current row to group key of grouper gi; groups evicted past the cap become ready. */
void tk_group_row(tk_src *s, int gi, const char *key);
/** Queue an item of plugin data. */
void tk_push(tk_src *s, int kind, void *data, void (*free_data)(void *));
/** The plugin's next(): rows in, records out. */
cbec_status tk_next(tk_src *s, cbec_record *rec, cbec_error *err);
/** Release everything (the plugin frees priv first). */
void tk_close(tk_src *s);
/** Field of the current row. */
#define TK(s, f) tk_cell(&(s)->map, (s)->h, (s)->t, (f))

/**
 * The customs logistics code of a carrier an export names in free text, from the
 * plugin's config key `carrier_codes` ("China Post = 1501970001; Yanwen = 1501970005";
 * names compared trimmed and case-folded).  Waybills keyed by that code join the
 * carrier's CEB waybills of the same tracking number.
 * @return the code, or NULL when the name is empty or not listed
 */
const char *tk_carrier_code(tk_src *s, const char *name);

/**
 * Normalise a tracking number (drop spaces and hyphens, upper-case) into out and classify it.
 * @return 1 valid UPU S10 (AA nnnnnnnn c BB), -1 S10-shaped with a wrong check digit, 0 not S10
 */
int tk_s10(const char *text, char *out, size_t outlen);
