/**
 * @file record.h
 * @brief The core side of cbec_record: one business record (a row of a kind,
 * its child rows, findings, locator, raw excerpt) as a plugin builds it.
 */
#ifndef CBEC_CORE_RECORD_H
#define CBEC_CORE_RECORD_H

#include <stdint.h>
#include <glib.h>

#include <cbecflow/host.h>

/** Field value types. */
enum { CBEC_FIELD_TEXT = 1, CBEC_FIELD_INT = 2 };

/**
 * One column value: text (in the record's text arena) for CBEC_FIELD_TEXT, ival for
 * CBEC_FIELD_INT.  name is the process's interned copy of the name (or, past the
 * intern table's bound, a copy in the arena).  24 bytes: the reader thread writes
 * each record into memory the ring's other records pushed out of the caches, so
 * every byte of it costs (issue 22).
 */
typedef struct cbec_field {
    const char *name;
    union {
        const char *text;
        int64_t ival;
    };
    int type;
} cbec_field;

/** One row: a kind (table) and its fields in the order set. */
typedef struct cbec_row {
    const char *kind;
    GArray *fields;            /* of cbec_field */
    guint64 names[4];          /* Bloom filter of the field names set: a new name skips the scan */
    guint64 shape;             /* hash of the field names in order (see store.c row_shape) */
    guint last_len;            /* fields before the last reset: what cbec_record_prefetch fetches */
} cbec_row;

/** A finding attached to the record. */
typedef struct cbec_finding {
    char *code;
    char *message;
} cbec_finding;

/** A clear personal identifier the record has seen (rec_set_personal, rec_mark_personal). */
typedef struct cbec_personal_seen {
    int kind;                  /* CBEC_PERSONAL_ID or CBEC_PERSONAL_PHONE */
    const char *value;         /* in the record's string chunk */
} cbec_personal_seen;

/**
 * Where a record's names and text values live.  The first block stays with the
 * record from one record to the next, so a record that fits in it (nearly all do)
 * costs no allocation at all; the blocks of larger records are freed by reset.
 */
typedef struct cbec_text_arena {
    char *first;               /* kept across resets (NULL until the first value) */
    GPtrArray *extra;          /* blocks beyond the first: freed by reset */
    char *cur;                 /* block being filled: first or the last extra */
    size_t cur_size, cur_used;
    size_t last_used;          /* bytes of the first block used before the last clear */
    int first_lent;            /* first belongs to the caller of cbec_record_lend_block */
} cbec_text_arena;

/** The record a plugin fills during one next() call. */
struct cbec_record {
    cbec_row main;
    GPtrArray *children;       /* of cbec_row* */
    GPtrArray *spare;          /* child rows kept for the next records */
    cbec_text_arena strings;   /* every name and text value: emptied at once by reset */
    cbec_row *cur;             /* row the setters write to */
    /* CBEC_REC_PENDING / CBEC_REC_REFUSED: pending_reason / refused_reason are set.  Every
     * setter looks at this word, near the record's other hot members; the reasons lie
     * a kilobyte further, on lines the storing thread last wrote (reset) -- a cache
     * miss per record on the reader thread when touch() read pending_reason itself. */
    int refusals;
    GArray *findings;          /* of cbec_finding */
    const char *locator;       /* in the record's string chunk (a g_strdup'ed copy was a
                                * malloc on the reader thread and a free on the storing one) */
    GString *raw;
    GArray *personal;          /* of cbec_personal_seen: clear identifiers to mask in raw and error */
    char error[512];
    int begun;
    /* The first value a setter refused (rec_set_money on "12a" ...) that the plugin went on
     * past: such a record must not be stored with that column NULL.  A refusal stays
     * pending until the plugin's next call on the record: a finding acknowledges it (the
     * plugin reported it and keeps the record), any other setter confirms it. */
    char refused_reason[48];
    char refused[512];
    char pending_reason[48];
    char pending[512];
};

/** Bits of cbec_record.refusals. */
enum { CBEC_REC_PENDING = 1, CBEC_REC_REFUSED = 2 };

/** Size of a record's first text block (cbec_record_lend_block). */
#define CBEC_RECORD_BLOCK 4096

/**
 * Give a fresh record its first text block (CBEC_RECORD_BLOCK bytes), owned by the
 * caller and to be freed by it after cbec_record_free: the read-ahead ring lends
 * every record a block of one slab of huge pages.
 */
void cbec_record_lend_block(cbec_record *rec, char *block);

/** Initialise an empty record. */
void cbec_record_init(cbec_record *rec);
/** Empty the record for the next next() call (keeps allocations). */
void cbec_record_reset(cbec_record *rec);
/** Release the record's memory. */
void cbec_record_free(cbec_record *rec);
/** Set a text field on the current row (NULL/"" = unset). */
void cbec_record_set_text(cbec_record *rec, const char *field, const char *value);
/** The same, for a value whose length (its first NUL) the caller has measured. */
void cbec_record_set_text_len(cbec_record *rec, const char *field, const char *value, size_t len);
/** Set an integer field on the current row. */
void cbec_record_set_int(cbec_record *rec, const char *field, int64_t value);
/** Find a field of a row, or NULL. */
const cbec_field *cbec_row_get(const cbec_row *row, const char *name);
/** Remember a clear personal identifier of the record (masked in its excerpt). */
void cbec_record_add_personal(cbec_record *rec, int kind, const char *value);
/** Set the record's locator (copied; NULL unsets it). */
void cbec_record_set_locator(cbec_record *rec, const char *locator);
/** Add a finding. */
void cbec_record_add_finding(cbec_record *rec, const char *code, const char *message);

/** A setter refused a value: rec->error is the message, and the refusal is pending. */
void cbec_record_refuse(cbec_record *rec, const char *reason, const char *message);
/** A setter is called: a pending refusal was gone past, it is confirmed (the first one counts). */
void cbec_record_touch(cbec_record *rec);
/** A finding is attached: a pending refusal is acknowledged by the plugin and forgotten. */
void cbec_record_acknowledge(cbec_record *rec);
/**
 * The status the core acts on after next(): CBEC_OK or CBEC_WARN for a record a setter
 * refused a value of becomes CBEC_RECORD_ERROR with the setter's reason and message and
 * the record's locator, so it is quarantined, never stored with the value missing.
 */
cbec_status cbec_record_settle(cbec_record *rec, cbec_status s, cbec_error *err);

/**
 * Bring a record the caller is about to fill into the caches, in steps: call it with
 * stage 5, 4, ... 0 on successive records, stage 0 on the one about to be filled (each
 * step reads only pointers the step before fetched).  Only prefetches: never needed for correctness.
 */
void cbec_record_prefetch(const cbec_record *rec, int stage);

/** Start the record's main row of a kind. */
void cbec_record_begin(cbec_record *rec, const char *kind);
/** Start a child row; setters then write to it. */
void cbec_record_child(cbec_record *rec, const char *kind);
#endif
