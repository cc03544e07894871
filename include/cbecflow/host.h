/**
 * @file host.h
 * @brief The host API table: the only way a plugin reaches the core.
 *
 * Modelled on SQLite's extension API: a versioned table of function pointers
 * handed to cbec_plugin_entry().  It starts with its own size and version and
 * only grows by appending; a plugin checks `host->struct_size` before using a
 * member newer than the minor it was built for (CBEC_HOST_HAS()).
 *
 * Plugins never open files: they read their input through read(), and the
 * tabular reader (tab_*) for CSV/TSV/XLSX.  Records are built with the rec_*
 * setters; the core validates field names against the dataset schema, hashes
 * personal identifiers, and stores the record with its lineage.
 */
#ifndef CBECFLOW_HOST_H
#define CBECFLOW_HOST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Log levels for cbec_host.log. */
typedef enum cbec_log_level {
    CBEC_LOG_ERROR = 0, CBEC_LOG_WARN = 1, CBEC_LOG_INFO = 2, CBEC_LOG_DEBUG = 3
} cbec_log_level;

/** Kinds of personal identifiers for cbec_host.rec_set_personal. */
typedef enum cbec_personal_kind {
    CBEC_PERSONAL_ID = 1,      /**< ID card / passport number: kept as HMAC + mask 130681********3332 */
    CBEC_PERSONAL_PHONE = 2    /**< phone number: kept as HMAC + mask 188****5940 */
} cbec_personal_kind;

typedef struct cbec_table cbec_table;    /**< tabular reader over one input (CSV/TSV/XLSX) */

/** Options of the tabular reader; zero-initialise, then set what you need. */
typedef struct cbec_tab_options {
    uint32_t struct_size;              /**< sizeof(cbec_tab_options) */
    const char *format;                /**< "csv", "xlsx" or NULL = sniff (zip magic = xlsx) */
    const char *encoding;              /**< code page when the bytes are not valid UTF-8 (NULL = "GB18030") */
    char delimiter;                    /**< 0 = sniff among , ; TAB | */
    const char *sheet;                 /**< XLSX sheet name, NULL = every sheet in order */
    /** Header detection: the first row (within max_preamble rows) holding at least
     *  min_header_hits cells that match one of these aliases (normalised) is the header.
     *  NULL = the first non-empty row is the header. */
    const char *const *header_aliases;
    unsigned min_header_hits;          /**< 0 = 2 */
    unsigned max_preamble;             /**< 0 = 30 rows */
    int no_header;                     /**< 1 = no header row: columns are numbered */
    /* Appended members (check struct_size): */
    /** Glob patterns ('*', '?') matched against a row's non-empty cells, normalised and
     *  joined by one space: matching rows (trailers such as "* record(s) downloaded",
     *  totals lines) are skipped, not returned.  NULL-terminated; NULL = none. */
    const char *const *skip_rows;
    /** ABI 1.1: decimal-mark look-ahead.  0 = none; N = at open, read up to N data rows
     *  (and at most 4 MiB of them; XLSX: of the first sheet) ahead and count per column
     *  the values proving a decimal comma or point (see decimal_evidence); the rows are
     *  then returned by tab_next as usual.  Read the result with tab_decimal_mark. */
    unsigned decimal_lookahead;
} cbec_tab_options;

/** The host API table. */
typedef struct cbec_host {
    uint32_t struct_size;              /**< sizeof(cbec_host) of the running core */
    uint32_t abi_major;                /**< CBEC_PLUGIN_ABI_MAJOR of the core */
    uint32_t abi_minor;                /**< CBEC_PLUGIN_ABI_MINOR of the core */
    const char *core_version;          /**< cbecflow package version */

    /* --- logging: the core prefixes plugin and input name --- */
    /** Log a message about this input. */
    void (*log)(cbec_input *in, int level, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

    /* --- the input stream --- */
    /** Read up to len bytes; returns bytes read, 0 at end, -1 on error (message via input_error). */
    ssize_t (*read)(cbec_input *in, void *buf, size_t len);
    /** Display name of the input ("night.zip!orders/a.xml"). */
    const char *(*input_name)(cbec_input *in);
    /** Last read error of the input, or NULL. */
    const char *(*input_error)(cbec_input *in);
    /** Value of a config key of this plugin (declared default applied), or NULL. */
    const char *(*config)(cbec_input *in, const char *key);

    /* --- building a record (one business record per next() call) --- */
    /** Start the record: kind is a dataset table ("orders", "payment" ...). */
    cbec_status (*rec_begin)(cbec_record *rec, const char *kind);
    /** Start a child row (e.g. "order_item" of "orders"); setters then fill the child. */
    cbec_status (*rec_child)(cbec_record *rec, const char *kind);
    /** Set a text column; NULL or "" leaves it NULL. */
    cbec_status (*rec_set_text)(cbec_record *rec, const char *field, const char *value);
    /** Set an integer column. */
    cbec_status (*rec_set_int)(cbec_record *rec, const char *field, int64_t value);
    /**
     * Set a money column from an exact decimal string ("19050", "-12.5", "0.00001"),
     * converted to integer minor units of currency (ISO 4217; CNY has 2 decimals).
     * Digits beyond the currency's minor unit are rounded half away from zero and
     * recorded as a finding.  Returns CBEC_RECORD_ERROR (message in rec) when the
     * text is not a decimal or overflows.
     */
    cbec_status (*rec_set_money)(cbec_record *rec, const char *field, const char *decimal,
                                 const char *currency);
    /** Set a money column already in minor units. */
    cbec_status (*rec_set_minor)(cbec_record *rec, const char *field, int64_t minor);
    /** Set a time column from ISO 8601 with offset ("2026-11-25T08:00:00+08:00") or a date. */
    cbec_status (*rec_set_time)(cbec_record *rec, const char *field, const char *iso8601);
    /**
     * Set a personal identifier: stores HMAC(site key, normalised value) in `field`
     * (e.g. "buyer_key") and the masked form in the column named by replacing the
     * suffix "_key" with "_mask".  The clear value is never stored.
     */
    cbec_status (*rec_set_personal)(cbec_record *rec, const char *field, int kind, const char *value);
    /** Attach a rule finding (stored, not refused): code like "SUM_MISMATCH". */
    void (*rec_finding)(cbec_record *rec, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;
    /** Locator of the record in its input ("CEB311Message/Order[2]", "line 14"). */
    void (*rec_set_locator)(cbec_record *rec, const char *locator);
    /** Raw excerpt kept with the record if it ends up in quarantine (truncated by the core). */
    void (*rec_set_raw)(cbec_record *rec, const char *raw, size_t len);
    /** Last error message of a rec_* setter, or NULL. */
    const char *(*rec_error)(cbec_record *rec);

    /* --- exact numbers and codes --- */
    /**
     * Parse a plain decimal ("-123.45", "+7", ".5") exactly into value * 10^scale.
     * @return 0 exact, 1 rounded (digits beyond scale, half away from zero), -1 not a decimal, -2 overflow
     */
    int (*decimal_parse)(const char *text, unsigned scale, int64_t *out);
    /**
     * Parse a human-formatted amount without locale: "1 234,56", "1,234.56", "1.234,56",
     * "$900.00", "-1 234", NBSP and thin spaces, trailing "-", "(12.00)".
     * Same return values as decimal_parse.
     */
    int (*money_parse)(const char *text, unsigned scale, int64_t *out);
    /** Minor-unit exponent of an ISO 4217 currency (CNY 2, JPY 0, KWD 3); 2 when unknown. */
    int (*currency_exponent)(const char *iso);

    /* --- tabular reader (CSV/TSV/semicolon/XLSX), streaming --- */
    /** Open the input as a table.  Fills err and returns CBEC_FATAL when impossible. */
    cbec_status (*tab_open)(cbec_input *in, const cbec_tab_options *opt, cbec_table **out,
                            cbec_error *err);
    /** Advance to the next data row (CBEC_OK), CBEC_EOF, or an error status with err. */
    cbec_status (*tab_next)(cbec_table *t, cbec_error *err);
    /** Number of cells in the current row. */
    size_t (*tab_ncols)(cbec_table *t);
    /** Cell text of the current row (UTF-8, never NULL; "" when absent). */
    const char *(*tab_cell)(cbec_table *t, size_t col);
    /** Normalised header text of a column, or NULL. */
    const char *(*tab_header)(cbec_table *t, size_t col);
    /** Index of the first header equal (after normalisation) to one of the aliases, -1 if none. */
    long (*tab_column)(cbec_table *t, const char *const *aliases);
    /** Locator of the current row: "line 12" or "Sheet1!row 12". */
    const char *(*tab_locator)(cbec_table *t);
    /** Raw text of the current row for quarantine excerpts. */
    const char *(*tab_raw)(cbec_table *t);
    /** Release the table. */
    void (*tab_close)(cbec_table *t);
    /** Normalise a header/label for comparison: trim, case-fold, collapse spaces, ё→е, full-width→ASCII. */
    char *(*text_normalise)(const char *text);
    /** Free memory returned by the host (text_normalise). */
    void (*free)(void *p);

    /* --- ABI 1.1: decimal marks ("0,480" kg is 480 g, not 480 kg) --- */
    /**
     * What a human-formatted amount proves about its decimal mark: ',' for "12,5",
     * "0,48", "0,480", "1 250,00", "1.234,56", "1.234.567"; '.' for "0.5", "12.50",
     * "1,234.56", "1,234,567", "0.480"; 0 for an integer, text that is not a number, and
     * a lone ',' or '.' before exactly three digits after a 1-3 digit integer part
     * without a leading zero or space grouping ("1,250", "1.250": ambiguous).
     */
    int (*decimal_evidence)(const char *text);
    /**
     * money_parse with a known decimal mark: '.' or ',' (the other one, spaces, NBSP,
     * narrow NBSP and apostrophes group); a value that proves the other mark ("12,5" when
     * '.' is given) is -1, never rescaled.  mark 0 = money_parse (a value proving nothing
     * is read with ',' grouping and '.' decimal).  Same return values as decimal_parse.
     */
    int (*money_parse_mark)(const char *text, unsigned scale, int mark, int64_t *out);
    /**
     * The decimal mark the look-ahead rows (cbec_tab_options.decimal_lookahead) prove
     * for a column: ',' or '.' when its values prove only that one, '?' when they prove
     * both, 0 when none does (or no look-ahead was asked for).
     */
    int (*tab_decimal_mark)(cbec_table *t, size_t col);
    /* --- ABI 1.1: personal identifiers in quarantine excerpts --- */
    /**
     * Declare a personal identifier seen in this record's input that did not (or not yet)
     * reach rec_set_personal, e.g. the ID number of a record about to fail on its amount.
     * The core replaces every occurrence of it in the record's raw excerpt and error
     * message by its masked form before anything is stored or logged.  Values given to
     * rec_set_personal are remembered the same way without this call.
     */
    void (*rec_mark_personal)(cbec_record *rec, int kind, const char *value);

    /* Appended members go here, never above. */
} cbec_host;

/** True when the running host provides member m (use for members newer than 1.0). */
#define CBEC_HOST_HAS(host, m) \
    ((host)->struct_size >= offsetof(cbec_host, m) + sizeof(((cbec_host *)0)->m))

#ifdef __cplusplus
}
#endif

#endif /* CBECFLOW_HOST_H */
