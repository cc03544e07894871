/**
 * @file test_demo_scan.h
 * @brief Test-side reader of a generated demo night: walks the drop folder,
 * opens every archive (nested ones too) with libarchive and reads every CEB
 * message with libxml2, the bank statements (camt.053, MT940) and the CSV files,
 * independently of the generator's and the plugins' code.
 */
#ifndef TEST_DEMO_SCAN_H
#define TEST_DEMO_SCAN_H

#include <stdint.h>
#include <glib.h>

/** One business record: the message code, head fields, and line fields. */
typedef struct ds_rec {
    char type[4];          /**< "311", "411", ... */
    char *member;          /**< archive!member it came from */
    GHashTable *f;         /**< local name -> text of the head (and flat) fields */
    GPtrArray *lines;      /**< GHashTable per OrderList / InventoryList */
    char *raw;             /**< the record's canonical text (all fields in order), to compare resends */
} ds_rec;

/** One CEB message (file). */
typedef struct ds_msg {
    char type[4];
    char *member;
    int records;
    int base_transfers;
    int signatures;
} ds_msg;

/** A bank statement entry (camt.053 Ntry or MT940 :61: with its :86:). */
typedef struct ds_ntry {
    int64_t amount;        /**< fen */
    int credit;
    char *e2e, *party;     /**< EndToEndId / MT940 /EREF/; Dbtr or Cdtr Nm / MT940 //NAME/ */
    char *text;            /**< remittance text: Ustrd / MT940 /REMI/USTD// */
    int stmt;              /**< index of its statement in ds_night.stmts */
} ds_ntry;

/** One bank statement file. */
typedef struct ds_stmt {
    char *format;          /**< "camt053" or "mt940" */
    char *account;
    char *owner;           /**< camt.053 Acct/Ownr/Nm, "" when the statement names no holder (MT940: never) */
    char *path;
    int64_t opening, closing;      /**< signed, fen */
    int64_t credits, debits;       /**< sums of the entries, fen */
    int entries;
} ds_stmt;

/** A CSV file of the night (platform export, postal manifest), decoded to UTF-8, split at ',' or ';'. */
typedef struct ds_table {
    char *path;            /**< full path */
    char *name;            /**< file name */
    GPtrArray *rows;       /**< char** per non-blank record (NULL-terminated cells); rows[0] is the header */
} ds_table;

/** Everything read from one night. */
typedef struct ds_night {
    GPtrArray *recs;       /**< ds_rec* in reading order */
    GPtrArray *msgs;       /**< ds_msg* */
    GPtrArray *ntry;       /**< ds_ntry* of all the statements */
    GPtrArray *stmts;      /**< ds_stmt* in reading order */
    GPtrArray *archives;   /**< top-level archive paths */
    GPtrArray *xml_members;/**< raw XML members written out by ds_scan when extract_dir is set */
    GPtrArray *tables;     /**< ds_table* of the CSV files */
    int64_t opening, closing;      /**< OPBD / CLBD, :60F: / :62F: summed over the statements (signed, fen) */
    int64_t sum_credits, sum_debits;
    int statements;                /**< = stmts->len */
    int errors;            /**< archives or XML that could not be read */
} ds_night;

/**
 * Read a night's drop folder.
 * @param night_dir   DIR/drop/DATE
 * @param extract_dir when not NULL, every XML member is also written there (for xmllint)
 */
ds_night *ds_scan(const char *night_dir, const char *extract_dir);
/** Free a night. */
void ds_free(ds_night *n);
/** Field of a record ("" when absent). */
const char *ds_get(const ds_rec *r, const char *name);
/** Field of line i ("" when absent). */
const char *ds_line(const ds_rec *r, guint i, const char *name);
/** Column of a header name in a table, -1 when absent. */
int ds_col(const ds_table *t, const char *header);
/** The table whose file name contains part, NULL when none. */
ds_table *ds_table_named(const ds_night *n, const char *part);
/** Parse a decimal with up to 2 places into fen (exact, no floating point); INT64_MIN when malformed. */
int64_t ds_fen(const char *text);

#endif
