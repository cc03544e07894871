/**
 * @file bankstmt.h
 * @brief Shared by the bank statement plugins (camt053, mt940, bankcsv): exact amounts
 * at scale 5, the per-statement balance check, and emitting bank_txn / bank_statement
 * records through the host table.
 *
 * Compiled into each plugin module (static linkage inside the module: every plugin
 * still exports only cbec_plugin_entry).  Money never goes through floating point:
 * amounts are parsed into int64 at 5 decimals (the most ISO 20022 allows), summed with
 * overflow checks, and converted to the currency's minor units only when stored.
 */
#ifndef CBEC_BANKSTMT_H
#define CBEC_BANKSTMT_H

#include <stdint.h>
#include <glib.h>

#include <cbecflow/host.h>
#include <cbecflow/record.h>

/** Scale of exact amounts inside the bank plugins. */
#define BANKSTMT_SCALE 5

/** Results of bankstmt_amount(). */
typedef enum bankstmt_amt_rc {
    BANKSTMT_AMT_OK = 0,
    BANKSTMT_AMT_INVALID = -1,     /**< not an unsigned plain decimal (sign, exponent, letters) */
    BANKSTMT_AMT_OVERFLOW = -2,    /**< does not fit int64 at scale 5 */
    BANKSTMT_AMT_PRECISION = -3    /**< more than 5 decimals */
} bankstmt_amt_rc;

/** One bank entry as it will be stored in bank_txn (strings may be NULL). */
typedef struct bankstmt_txn {
    const char *account;
    const char *entry_ref;         /**< the bank's reference: not unique (one AcctSvcrRef, NONREF for a batch) */
    const char *statement_key;     /**< identity of the statement within the account (bankstmt_statement_key()) */
    int64_t entry_seq;             /**< 1-based position of the row within its statement; 0 = not set */
    const char *booking_date;      /**< YYYY-MM-DD */
    const char *value_date;        /**< YYYY-MM-DD */
    int64_t amount5;               /**< >= 0, scale 5 */
    const char *currency;
    char direction;                /**< 'C' money in, 'D' money out */
    int reversal;
    const char *counterparty;
    const char *counterparty_account;
    const char *reference;         /**< end-to-end id / customer reference */
    const char *remittance;
    const char *raw_info;
    int has_instructed;
    int64_t instructed5;
    const char *instructed_currency;
    const char *batch_ref;
    const char *locator;
} bankstmt_txn;

/** A statement being accumulated while its entries stream past. */
typedef struct bankstmt_sum {
    GString *account, *statement_no, *bank, *format, *currency;
    GString *opening_date, *closing_date;
    GString *info;                 /**< statement-level text (MT940 :86: after :62F:, AddtlStmtInf) */
    GString *owner;                /**< account holder's name (camt Acct/Ownr/Nm; "" when the format has none) */
    int has_opening, has_closing;
    int64_t opening5, closing5;    /**< signed, scale 5 */
    int64_t credits5, debits5;     /**< booked money in / out, scale 5 */
    int64_t entry_count;
    int overflow;                  /**< a sum overflowed: the check cannot be made */
    int check_totals;              /**< MT942 style: compare with declared totals instead of balances */
    int64_t decl_credits5, decl_debits5, decl_credit_count, decl_debit_count;
    int64_t credit_count, debit_count;
} bankstmt_sum;

/**
 * Parse an unsigned plain decimal ("1234.5", "0.00001") exactly at scale 5 with the
 * host's decimal_parse (int64, overflow checked).  A sign, an exponent, spaces inside or
 * more than 5 significant decimals are refused.
 * @param dec_sep the decimal separator ('.' for camt and CSV, ',' for MT940)
 */
bankstmt_amt_rc bankstmt_amount(const cbec_host *h, const char *text, char dec_sep, int64_t *out);

/** Sentence for a bankstmt_amount() result. */
const char *bankstmt_amount_strerror(bankstmt_amt_rc rc);

/** Overflow-checked *acc += v; returns 0, or -1 (acc unchanged) on overflow. */
int bankstmt_add(int64_t *acc, int64_t v);

/**
 * Convert a scale-5 amount to minor units of a currency exponent, rounding half away
 * from zero; *rounded is set when digits were dropped.  Returns 0, -1 on overflow.
 */
int bankstmt_to_minor(int64_t v5, int exponent, int64_t *out, int *rounded);

/**
 * Check a calendar date.  Returns 0 when valid, 1 when it is a 30/360 day (29 or 30
 * February, 31 of a 30-day month is not) accepted with a warning, -1 when impossible.
 */
int bankstmt_check_date(int y, int m, int d);

/** Initialise an empty statement summary. */
void bankstmt_sum_init(bankstmt_sum *s);
/** Clear the summary for the next statement (keeps the allocations). */
void bankstmt_sum_reset(bankstmt_sum *s);
/** A new summary holding a copy of src (free with bankstmt_sum_free() and g_free()). */
bankstmt_sum *bankstmt_sum_dup(const bankstmt_sum *src);
/** Free the summary's strings. */
void bankstmt_sum_free(bankstmt_sum *s);

/**
 * Add one booked entry (amount at scale 5, direction 'C' or 'D') to the summary's
 * totals; sets s->overflow when a total would overflow.
 */
void bankstmt_sum_entry(bankstmt_sum *s, char direction, int64_t amount5);

/**
 * Fill rec with a bank_txn record.  Returns CBEC_OK, or CBEC_RECORD_ERROR with err filled
 * (reason, message) when a setter refuses a value.
 */
cbec_status bankstmt_emit_txn(const cbec_host *h, cbec_record *rec, const bankstmt_txn *t, cbec_error *err);

/**
 * Fill rec with the bank_statement record of s: balances in signed minor units and
 * the balance check (opening + credits - debits = closing, exactly at scale 5).  A
 * statement that does not tie out gets balanced=0, the difference, and a
 * CBEC_FINDING_BALANCE_MISMATCH finding (the core exits 3); it is never adjusted.
 * @param locator where the statement sits in its input
 * @return CBEC_OK, or CBEC_RECORD_ERROR with err filled
 */
cbec_status bankstmt_emit_statement(const cbec_host *h, cbec_record *rec, const bankstmt_sum *s,
                                    const char *locator, cbec_error *err);

/**
 * The identity of the statement s within its account, as bank_txn.statement_key: its
 * number and its opening date, the same identity its bank_statement row has (business
 * key account, statement_no, opening_date), so a later file re-sending the statement
 * reaches the same entries and two statements never share one.  Free with g_free().
 */
char *bankstmt_statement_key(const bankstmt_sum *s);

/**
 * Remember a statement's identity and content digest within one input.
 * @return 0 first time, 1 identical repeat, 2 same identity with different content
 */
int bankstmt_seen(GHashTable *seen, const bankstmt_sum *s);

/**
 * True when the NUL-terminated needle occurs in a probe head.  Every input of a
 * night is probed by every plugin: this searches with memmem, not byte by byte.
 */
int bankstmt_head_has(const cbec_probe_input *in, const char *needle);

/** A byte size from config ("512M", "1G", "65536"); 0 when absent or unreadable (no limit). */
int64_t bankstmt_size(const char *text);

/** Fill err (reason, locator, message) in one call; returns CBEC_RECORD_ERROR. */
cbec_status bankstmt_fail(cbec_error *err, const char *reason, const char *locator, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

#endif
